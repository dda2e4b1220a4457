package io.mailstream.smtp;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** {@code mailstream.smtp.*}: where the MX listener binds and the limits of its sessions. */
@ConfigMapping(prefix = "mailstream.smtp")
public interface SmtpConfig {

    @WithDefault("0.0.0.0")
    String host();

    /** 25 in production; 2525 so that the local stack needs no privileges; 0 picks a free port (tests). */
    @WithDefault("2525")
    int port();

    @WithDefault("26214400")
    long maxMessageSize();

    @WithDefault("1000")
    int maxRecipients();

    @WithDefault("1000")
    int maxConnections();

    /** 5xx replies per session before 421 4.7.0 and disconnect. */
    @WithDefault("10")
    int maxErrors();

    /** RFC 5321 §4.5.3.2 suggests at least 5 minutes for the server. */
    @WithDefault("300s")
    Duration idleTimeout();

    /** Threads that run sessions (they block on MongoDB and Kafka). */
    @WithDefault("64")
    int workerThreads();

    /** Domain for mail to the bare {@code <postmaster>}; defaults to {@code mailstream.hostname}. */
    Optional<String> postmasterDomain();

    /** How long to wait for the broker to acknowledge a MessageAccepted before answering 451. */
    @WithDefault("30s")
    Duration publishTimeout();
}
