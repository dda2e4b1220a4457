package io.mailstream.store.summary;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the pieces of a MIME entity lie in the raw bytes, by IMAP's reading (the one rule for the
 * part offsets stored in a {@link BodyPart} and for mailbox-api's own parse): the header section
 * runs up to and including the first blank line (CRLF or bare LF); a multipart body is split at
 * every line that starts with {@code --boundary}, the line break before such a line belonging to
 * it (RFC 2046 5.1.1), and ends at the first {@code --boundary--}; an unclosed last part runs to
 * the end.
 */
public final class MimeLayout {

    private MimeLayout() {
    }

    /** A part's octets {@code [start, end)}. */
    public record Range(int start, int end) {
    }

    /** Where the body of the entity {@code [start, end)} starts: after the first blank line, or at the end. */
    public static int bodyStart(byte[] raw, int start, int end) {
        int pos = start;
        while (pos < end) {
            int next = lineEnd(raw, pos, end);
            if (isBlank(raw, pos, next)) {
                return next;
            }
            pos = next;
        }
        return end;
    }

    /** The parts of the multipart body {@code [bodyStart, end)} split at {@code delimiter} ({@code --boundary}). */
    public static List<Range> parts(byte[] raw, int bodyStart, int end, byte[] delimiter) {
        List<Range> parts = new ArrayList<>();
        int partStart = -1;
        int pos = bodyStart;
        while (pos < end) {
            int next = lineEnd(raw, pos, end);
            if (startsWith(raw, pos, next, delimiter)) {
                if (partStart >= 0) {
                    parts.add(new Range(partStart, withoutLineBreakBefore(raw, pos, partStart)));
                }
                if (startsWith(raw, pos + delimiter.length, next, new byte[] {'-', '-'})) {
                    return parts;
                }
                partStart = next;
            }
            pos = next;
        }
        if (partStart >= 0 && partStart < end) {
            parts.add(new Range(partStart, end));
        }
        return parts;
    }

    /** Index after the LF ending the line at {@code pos}, or {@code to}. */
    public static int lineEnd(byte[] raw, int pos, int to) {
        for (int i = pos; i < to; i++) {
            if (raw[i] == '\n') {
                return i + 1;
            }
        }
        return to;
    }

    /** True when {@code [from, to)} is an empty line (LF or CRLF). */
    public static boolean isBlank(byte[] raw, int from, int to) {
        int len = to - from;
        return (len == 1 && raw[from] == '\n') || (len == 2 && raw[from] == '\r' && raw[from + 1] == '\n');
    }

    /** The line break before a delimiter line belongs to the delimiter. */
    private static int withoutLineBreakBefore(byte[] raw, int delimiterLine, int floor) {
        int e = delimiterLine;
        if (e > floor && raw[e - 1] == '\n') {
            e--;
            if (e > floor && raw[e - 1] == '\r') {
                e--;
            }
        }
        return e;
    }

    private static boolean startsWith(byte[] raw, int pos, int limit, byte[] prefix) {
        if (limit - pos < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (raw[pos + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
