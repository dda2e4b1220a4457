package io.mailstream.relay.smtp;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reply from a remote SMTP server, or one made up locally for something that happened before
 * the server could answer (a refused connection, a loop, a message too large): {@code synthetic}
 * replies carry the status an MTA would report, but must not be quoted as the remote's words.
 *
 * @param lines the text of each reply line after the code and separator
 */
public record SmtpReply(int code, List<String> lines, boolean synthetic) {

    private static final Pattern ENHANCED = Pattern.compile("^([245])\\.(\\d{1,3})\\.(\\d{1,3})(?:\\s|$)");

    public SmtpReply {
        lines = List.copyOf(lines);
    }

    public static SmtpReply local(int code, String status, String text) {
        return new SmtpReply(code, List.of(status + " " + text), true);
    }

    /** 2xx, 3xx, 4xx, 5xx; anything else is a protocol error. */
    public int category() {
        return code / 100;
    }

    public boolean isPositive() {
        return category() == 2;
    }

    /** The RFC 3463 enhanced status code the reply starts with ({@code 5.1.1}), or null. */
    public String enhancedStatus() {
        if (lines.isEmpty()) {
            return null;
        }
        Matcher m = ENHANCED.matcher(lines.get(0));
        return m.find() ? m.group(1) + "." + m.group(2) + "." + m.group(3) : null;
    }

    /** All lines joined, for logs, events and DSN Diagnostic-Code fields. */
    public String text() {
        return String.join(" ", lines);
    }

    /** The reply as one printable line: {@code 550 5.1.1 no such user}. */
    @Override
    public String toString() {
        return code + " " + text();
    }
}
