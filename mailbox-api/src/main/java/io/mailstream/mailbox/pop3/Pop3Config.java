package io.mailstream.mailbox.pop3;

import io.mailstream.net.FrontDoorConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.OptionalInt;

/** {@code mailstream.pop3.*}: see README.md, CONFIGURATION. */
@ConfigMapping(prefix = "mailstream.pop3")
public interface Pop3Config extends FrontDoorConfig {

    long DEFAULT_READ_AHEAD_BYTES = 2L * 1024 * 1024;

    /** Address to bind. */
    String host();

    /** Port to bind; 0 picks a free one (tests). */
    int port();

    /** Connections served at once; the next is refused with {@code -ERR [SYS/TEMP]}. */
    @WithDefault("1000")
    int maxConnections();

    /** RFC 1939 asks for an autologout timer of at least 10 minutes. */
    @WithDefault("600")
    int idleTimeoutSeconds();

    /** Threads that run sessions (they block on MongoDB and bcrypt). */
    @WithDefault("16")
    int workerThreads();

    /** Port of the implicit-TLS listener (POP3S, RFC 8314); absent: none. Needs mailstream.tls.cert/key. */
    OptionalInt pop3sPort();

    /**
     * Allow USER/PASS and AUTH without TLS from loopback clients (the local stack, tests). Off by
     * default: elsewhere, credentials are only accepted once STLS or implicit TLS protects them.
     */
    @WithDefault("false")
    boolean allowPlaintextLoopback();

    /** A maildrop lock whose instance stopped refreshing it may be taken over after this long. */
    @WithDefault("120")
    int lockTtlSeconds();

    /**
     * Octets of upcoming messages a session may hold, read together with the one retrieved
     * ({@link ReadAhead}); 0 reads every message on its own.
     */
    @WithDefault("" + DEFAULT_READ_AHEAD_BYTES)
    long readAheadBytes();
}
