package io.mailstream.smtp;

import java.util.List;

/**
 * One SMTP reply as a value: a reply code, an RFC 3463 enhanced status code (null where RFC 2034
 * forbids one: the greeting, replies to EHLO/HELO, and 3xx) and one or more lines of text.
 */
public record SmtpReply(int code, String enhancedStatus, List<String> lines) {

    public SmtpReply {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("reply code out of range: " + code);
        }
        if (lines == null || lines.isEmpty()) {
            throw new IllegalArgumentException("a reply needs text");
        }
        lines = List.copyOf(lines);
        if (enhancedStatus != null && enhancedStatus.charAt(0) - '0' != code / 100) {
            throw new IllegalArgumentException(enhancedStatus + " does not agree with " + code);
        }
    }

    public SmtpReply(int code, String enhancedStatus, String text) {
        this(code, enhancedStatus, List.of(text));
    }

    /** The same code and status with other text (e.g. naming the address concerned). */
    public SmtpReply withText(String text) {
        return new SmtpReply(code, enhancedStatus, text);
    }

    public boolean isPositive() {
        return code < 400;
    }

    public boolean isPermanentFailure() {
        return code >= 500;
    }

    public boolean isTransientFailure() {
        return code >= 400 && code < 500;
    }

    /** The text of all lines, joined by a space, for logs and event details. */
    public String text() {
        return String.join(" ", lines);
    }

    /** The reply as sent: {@code 250-first}, ..., {@code 250 last}, each with the status and CRLF. */
    public String toWire() {
        StringBuilder sb = new StringBuilder(64);
        for (int i = 0; i < lines.size(); i++) {
            sb.append(code).append(i == lines.size() - 1 ? ' ' : '-');
            if (enhancedStatus != null) {
                sb.append(enhancedStatus).append(' ');
            }
            sb.append(lines.get(i)).append("\r\n");
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return code + (enhancedStatus == null ? "" : " " + enhancedStatus) + " " + text();
    }
}
