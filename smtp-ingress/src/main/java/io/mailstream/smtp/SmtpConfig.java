package io.mailstream.smtp;

import io.mailstream.net.FrontDoorConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** {@code mailstream.smtp.*}: where the SMTP listeners bind and the limits of their sessions. */
@ConfigMapping(prefix = "mailstream.smtp")
public interface SmtpConfig extends FrontDoorConfig {

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

    /** Submission (587 in production, RFC 6409): STARTTLS, then AUTH before MAIL. Needs the TLS certificate. */
    @WithDefault("2587")
    int submissionPort();

    /** Implicit TLS submission (465 in production, RFC 8314). Needs the TLS certificate. */
    @WithDefault("2465")
    int smtpsPort();

    /** Sessions one client IP address may have open at once, over all listeners; more get 421 4.7.0. */
    @WithDefault("50")
    int maxConnectionsPerIp();

    /** Wait this long before the 220 greeting; clients that talk first are disconnected (554 5.5.0). */
    @WithDefault("0s")
    Duration greetingDelay();

    /** Time for the text of one DATA or BDAT chunk, extended by the octets received at {@code min-data-rate}. */
    @WithDefault("300s")
    Duration dataTimeout();

    /** Octets per second a client must keep up while sending message text (Postfix: smtpd_min_data_rate). */
    @WithDefault("500")
    long minDataRate();

    Auth auth();

    interface Auth {
        /** Allow AUTH without TLS for clients on 127.0.0.0/8 and ::1 (never for anyone else). */
        @WithDefault("false")
        boolean allowPlaintextLoopback();
    }
}
