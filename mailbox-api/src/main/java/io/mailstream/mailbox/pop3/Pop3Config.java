package io.mailstream.mailbox.pop3;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code mailstream.pop3.*}: see README.md, CONFIGURATION. */
@ConfigMapping(prefix = "mailstream.pop3")
public interface Pop3Config {

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
}
