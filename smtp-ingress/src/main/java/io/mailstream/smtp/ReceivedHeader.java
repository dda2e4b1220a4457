package io.mailstream.smtp;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The trace header this server prepends to every message it accepts (RFC 5321 §4.4):
 * <pre>
 * Received: from client.example ([192.0.2.1])
 *         by mx.example.test with ESMTP id 01HX...
 *         for &lt;alice@example.test&gt;; Tue, 4 Jun 2024 10:00:00 +0000
 * </pre>
 * The "for" clause names the recipient only when there is exactly one, so a message to several
 * recipients does not disclose its Bcc list.
 */
public final class ReceivedHeader {

    /** RFC 5322 date-time with a numeric zone (the obsolete "GMT" form is avoided). */
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);

    private ReceivedHeader() {
    }

    public static byte[] build(ConnectionState connection, String hostname, String queueId, List<String> recipients,
            ZonedDateTime time) {
        return build(connection, hostname, queueId, recipients, time, protocol(connection, false));
    }

    /**
     * The "with" keyword (RFC 3848, RFC 6531): SMTP after HELO; otherwise ESMTP, or UTF8SMTP for
     * an SMTPUTF8 transaction, plus S under TLS and A when authenticated.
     */
    public static String protocol(ConnectionState connection, boolean smtpUtf8) {
        if (!connection.esmtp()) {
            return "SMTP";
        }
        return (smtpUtf8 ? "UTF8SMTP" : "ESMTP") + (connection.secure() ? "S" : "")
                + (connection.authenticated() ? "A" : "");
    }

    public static byte[] build(ConnectionState connection, String hostname, String queueId, List<String> recipients,
            ZonedDateTime time, String protocol) {
        StringBuilder sb = new StringBuilder(160);
        sb.append("Received: from ").append(connection.heloName())
                .append(" (").append(addressLiteral(connection.clientAddress())).append(")\r\n");
        sb.append("\tby ").append(hostname).append(" with ").append(protocol)
                .append(" id ").append(queueId);
        if (recipients.size() == 1) {
            sb.append("\r\n\tfor <").append(recipients.get(0)).append(">");
        }
        sb.append(";\r\n\t").append(DATE.format(time)).append("\r\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** RFC 5321 address literal: {@code [192.0.2.1]} or {@code [IPv6:2001:db8::1]}. */
    static String addressLiteral(String ip) {
        return ip.indexOf(':') >= 0 ? "[IPv6:" + ip + "]" : "[" + ip + "]";
    }
}
