package io.mailstream.mailbox.pop3;

/**
 * Turns stored message octets into a POP3 multi-line body (RFC 1939 §3): every line ends in
 * CRLF, a line that starts with '.' gets one more '.' in front. Stored messages are CRLF
 * already, so a client that removes the stuffing gets back the stored bytes exactly; a bare LF
 * (never stored by smtp-ingress, but possible in imported mail) is sent as CRLF, and a last line
 * without terminator gets one.
 *
 * <p>{@link #length} then {@link #stuff} write the body straight into the reply's buffer, so a
 * message is copied once on its way out.
 */
public final class DotStuffing {

    /** No limit on body lines: the whole message (RETR). */
    public static final long WHOLE = Long.MAX_VALUE;

    private DotStuffing() {
    }

    /** The whole message (RETR). */
    public static byte[] whole(byte[] message) {
        return top(message, WHOLE);
    }

    /** The header, the blank line after it, and at most {@code bodyLines} lines of the body (TOP). */
    public static byte[] top(byte[] message, long bodyLines) {
        byte[] out = new byte[length(message, bodyLines)];
        stuff(message, bodyLines, out, 0);
        return out;
    }

    /** Octets of the stuffed form of {@code message} cut after {@code bodyLines} body lines. */
    public static int length(byte[] message, long bodyLines) {
        long length = walk(message, bodyLines, null, 0);
        if (length > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("message of " + message.length + " octets is too large to send");
        }
        return (int) length;
    }

    /** Writes the stuffed form into {@code out} from {@code at}; returns the position after it. */
    public static int stuff(byte[] message, long bodyLines, byte[] out, int at) {
        return (int) walk(message, bodyLines, out, at);
    }

    /** One pass over the lines: counts the output octets, and writes them when {@code out} is given. */
    private static long walk(byte[] message, long bodyLines, byte[] out, int at) {
        long pos = at;
        boolean inBody = false;
        long bodyLinesLeft = bodyLines;
        int start = 0;
        while (start < message.length) {
            if (inBody && bodyLinesLeft-- <= 0) {
                break;
            }
            int lf = indexOf(message, (byte) '\n', start);
            int next = lf < 0 ? message.length : lf + 1;
            int end = lf < 0 ? message.length : lf;
            if (end > start && message[end - 1] == '\r' && lf >= 0) {
                end--;
            }
            boolean dot = end > start && message[start] == '.';
            int length = end - start;
            if (out != null) {
                int p = (int) pos;
                if (dot) {
                    out[p++] = '.';
                }
                System.arraycopy(message, start, out, p, length);
                out[p + length] = '\r';
                out[p + length + 1] = '\n';
            }
            pos += (dot ? 1 : 0) + length + 2;
            if (!inBody && end == start) {
                inBody = true;
            }
            start = next;
        }
        return pos;
    }

    private static int indexOf(byte[] data, byte b, int from) {
        for (int i = from; i < data.length; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
