package io.mailstream.core.dsn;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * An RFC 3464 delivery status notification [Postfix bounce]: a multipart/report with a
 * human-readable part, a message/delivery-status part with one block per reported recipient
 * (failed, delayed, delivered or relayed), and the original message: its header section
 * (text/rfc822-headers, RFC 6522) unless the sender asked for RET=FULL, then the whole message
 * (message/rfc822) as long as it is not larger than {@link #MAX_FULL}.
 */
public final class BounceMessage {

    /** A returned message larger than this is cut down to its headers. */
    static final int MAX_FULL = 10 * 1024 * 1024;

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z",
            Locale.ROOT);

    public enum Action {
        FAILED, DELAYED, DELIVERED, RELAYED;

        String field() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One reported recipient. {@code remote} is true when {@code diagnostic} is a remote server's
     * SMTP reply; {@code orcpt} is the ORCPT parameter as received ({@code rfc822;xtext}) or null;
     * {@code willRetryUntil} is set for delayed recipients.
     */
    public record Report(String recipient, Action action, String status, String diagnostic, boolean remote,
            String remoteMta, Instant lastAttempt, String orcpt, Instant willRetryUntil) {
        public Report {
            diagnostic = oneLine(diagnostic);
            recipient = oneLine(recipient);
        }
    }

    /** What the notification is about and what to return of the original. */
    public record Envelope(String reportingMta, String queueId, String dsnId, String sender, String envid,
            Instant arrival, boolean returnFull) {
    }

    private BounceMessage() {
    }

    public static byte[] build(Envelope env, Instant now, List<Report> reports, byte[] original) {
        String boundary = "=_" + env.dsnId().replaceAll("[^A-Za-z0-9]", "") + "_report";
        boolean failed = reports.stream().anyMatch(r -> r.action() == Action.FAILED);
        boolean delayed = reports.stream().anyMatch(r -> r.action() == Action.DELAYED);
        StringBuilder m = new StringBuilder(1024);
        header(m, "From", "Mail Delivery System <MAILER-DAEMON@" + env.reportingMta() + ">");
        header(m, "To", "<" + env.sender() + ">");
        header(m, "Subject", failed ? "Undelivered Mail Returned to Sender"
                : delayed ? "Delayed Mail (still being retried)"
                : reports.stream().allMatch(r -> r.action() == Action.DELIVERED) ? "Successful Mail Delivery Report"
                : "Mail Delivery Status Report");
        header(m, "Date", date(now));
        header(m, "Message-ID", "<" + env.dsnId() + "@" + env.reportingMta() + ">");
        header(m, "Auto-Submitted", "auto-replied");
        header(m, "MIME-Version", "1.0");
        header(m, "Content-Type", "multipart/report; report-type=delivery-status;\r\n\tboundary=\"" + boundary + "\"");
        m.append("\r\nThis is a MIME-encapsulated message.\r\n\r\n");

        m.append("--").append(boundary).append("\r\n");
        header(m, "Content-Description", "Notification");
        header(m, "Content-Type", "text/plain; charset=utf-8");
        m.append("\r\nThis is the mail system at host ").append(env.reportingMta()).append(".\r\n\r\n");
        if (failed) {
            m.append("Your message could not be delivered to one or more recipients.\r\n");
        }
        if (delayed) {
            m.append("Your message could not be delivered yet to one or more recipients.\r\n")
                    .append("Delivery will be retried; you need not resend it.\r\n");
        }
        if (reports.stream().anyMatch(r -> r.action() == Action.DELIVERED)) {
            m.append("Your message was delivered to the mailbox of one or more recipients, as you asked.\r\n");
        }
        if (reports.stream().anyMatch(r -> r.action() == Action.RELAYED)) {
            m.append("Your message was handed to a server that does not report delivery; this is the last\r\n")
                    .append("report you will get for these recipients.\r\n");
        }
        m.append("\r\n");
        for (Report r : reports) {
            m.append("<").append(r.recipient()).append(">: ").append(r.action().field()).append(": ")
                    .append(r.diagnostic()).append("\r\n");
        }
        m.append("\r\n--").append(boundary).append("\r\n");
        header(m, "Content-Description", "Delivery report");
        header(m, "Content-Type", "message/delivery-status");
        m.append("\r\n");
        if (env.envid() != null) {
            header(m, "Original-Envelope-Id", oneLine(Xtext.decode(env.envid())));
        }
        header(m, "Reporting-MTA", "dns; " + env.reportingMta());
        header(m, "X-Mailstream-Queue-ID", env.queueId());
        header(m, "Arrival-Date", date(env.arrival()));
        for (Report r : reports) {
            m.append("\r\n");
            if (r.orcpt() != null && r.orcpt().indexOf(';') > 0) {
                int semi = r.orcpt().indexOf(';');
                header(m, "Original-Recipient", r.orcpt().substring(0, semi) + "; "
                        + oneLine(Xtext.decode(r.orcpt().substring(semi + 1))));
            }
            header(m, "Final-Recipient", "rfc822; " + r.recipient());
            header(m, "Action", r.action().field());
            header(m, "Status", r.status());
            if (r.remoteMta() != null) {
                header(m, "Remote-MTA", "dns; " + r.remoteMta());
            }
            header(m, "Diagnostic-Code", (r.remote() ? "smtp; " : "X-Mailstream; ") + r.diagnostic());
            if (r.lastAttempt() != null) {
                header(m, "Last-Attempt-Date", date(r.lastAttempt()));
            }
            if (r.willRetryUntil() != null) {
                header(m, "Will-Retry-Until", date(r.willRetryUntil()));
            }
        }
        boolean full = env.returnFull() && original.length <= MAX_FULL;
        m.append("\r\n--").append(boundary).append("\r\n");
        header(m, "Content-Description", full ? "Undelivered Message" : "Undelivered Message Headers");
        header(m, "Content-Type", full ? "message/rfc822" : "text/rfc822-headers");
        m.append("\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream(m.length() + original.length + 64);
        out.writeBytes(m.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(withCrlf(full ? original : MessageHeaders.section(original)));
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("[\\x00-\\x1f\\x7f]+", " ");
    }

    private static void header(StringBuilder m, String name, String value) {
        m.append(name).append(": ").append(value).append("\r\n");
    }

    private static String date(Instant i) {
        return DATE.format(i.atZone(ZoneOffset.UTC));
    }

    /** Canonical line ends and a final CRLF. */
    private static byte[] withCrlf(byte[] bytes) {
        String s = new String(bytes, StandardCharsets.ISO_8859_1).replaceAll("\r?\n|\r", "\r\n");
        if (!s.isEmpty() && !s.endsWith("\r\n")) {
            s += "\r\n";
        }
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
