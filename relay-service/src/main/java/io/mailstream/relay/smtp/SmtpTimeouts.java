package io.mailstream.relay.smtp;

import java.time.Duration;

/**
 * How long the client waits for each step (RFC 5321 §4.5.3.2 gives the defaults): the greeting,
 * MAIL, RCPT, the DATA command, each block of message data, and the reply after the final dot.
 * {@code connect} and {@code command} (EHLO, STARTTLS, QUIT, the TLS handshake) are ours.
 */
public record SmtpTimeouts(Duration connect, Duration greeting, Duration command, Duration mail, Duration rcpt,
        Duration dataInit, Duration dataBlock, Duration dataTermination) {

    public static final SmtpTimeouts RFC_5321 = new SmtpTimeouts(Duration.ofSeconds(30), Duration.ofMinutes(5),
            Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofMinutes(2),
            Duration.ofMinutes(3), Duration.ofMinutes(10));

    /** Every step the same timeout: for tests. */
    public static SmtpTimeouts all(Duration d) {
        return new SmtpTimeouts(d, d, d, d, d, d, d, d);
    }
}
