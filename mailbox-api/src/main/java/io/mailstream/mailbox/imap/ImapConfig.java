package io.mailstream.mailbox.imap;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** {@code mailstream.imap.*}: where the IMAP listener binds and the limits of its sessions. */
@ConfigMapping(prefix = "mailstream.imap")
public interface ImapConfig {

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

    @WithDefault("3")
    int maxFailedLogins();

    default ImapLimits limits() {
        return new ImapLimits(maxLineLength(), maxLiteralSize(), maxBadCommands(), maxFailedLogins());
    }
}
