package io.mailstream.mailbox.imap;

import io.mailstream.net.FrontDoorConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** {@code mailstream.imap.*}: where the IMAP listener binds and the limits of its sessions. */
@ConfigMapping(prefix = "mailstream.imap")
public interface ImapConfig extends FrontDoorConfig {

    @WithDefault("0.0.0.0")
    String host();

    /** 2143 in development; 143 in production; 0 picks a free port (tests). */
    @WithDefault("2143")
    int port();

    @WithDefault("1000")
    int maxConnections();

    /** RFC 3501 5.4: an autologout timer must be at least 30 minutes. */
    @WithDefault("30M")
    Duration idleTimeout();

    /** Threads that run sessions; they block on the store and on password hashing. */
    @WithDefault("32")
    int workerThreads();

    @WithDefault("8192")
    int maxLineLength();

    /** Octets of one literal after login; no command this server knows needs more. */
    @WithDefault("65536")
    int maxLiteralSize();

    @WithDefault("50")
    int maxBadCommands();

    /** Sustained commands per second of one session; above it commands get NO [LIMIT]. */
    @WithDefault("200")
    int commandsPerSecond();

    /** Commands one session may send at once above the sustained rate. */
    @WithDefault("2000")
    int commandBurst();

    /** Sessions one account may have logged in at once, counted over all instances. */
    @WithDefault("50")
    int maxSessionsPerAccount();

    /**
     * How long a session's place in that count outlives its instance: renewed every quarter of this
     * while the instance runs, freed this long after it died without logging its sessions out.
     */
    @WithDefault("2M")
    Duration sessionLeaseTtl();

    @WithDefault("3")
    int maxFailedLogins();

    /** Implicit-TLS listener (RFC 8314): 2993 in development, 993 in production; only with a certificate. */
    @WithDefault("2993")
    int imapsPort();

    /**
     * Whether LOGIN and AUTHENTICATE PLAIN work without TLS for clients on a loopback address.
     * Off by default; without a certificate there is no TLS at all, and loopback clients are
     * allowed anyway (see README).
     */
    @WithDefault("false")
    boolean allowPlaintextLoopback();

    /** The largest message APPEND takes (APPENDLIMIT, RFC 7889); as SMTP's default message size. */
    @WithDefault("26214400")
    long appendLimit();

    /** How often idling sessions re-check their mailbox even without a change notification. */
    @WithDefault("2M")
    Duration idleCheckInterval();

    default ImapLimits limits() {
        return new ImapLimits(maxLineLength(), maxLiteralSize(), maxBadCommands(), maxFailedLogins());
    }
}
