package io.mailstream.mailbox.pop3;

import java.io.ByteArrayOutputStream;

/**
 * Turns stored message octets into a POP3 multi-line body (RFC 1939 §3): every line ends in
 * CRLF, a line that starts with '.' gets one more '.' in front. Stored messages are CRLF
 * already, so a client that removes the stuffing gets back the stored bytes exactly; a bare LF
 * (never stored by smtp-ingress, but possible in imported mail) is sent as CRLF, and a last line
 * without terminator gets one.
 */
public final class DotStuffing {

    private DotStuffing() {
    }

    /** The whole message (RETR). */
    public static byte[] whole(byte[] message) {
        return stuff(message, Long.MAX_VALUE);
    }

    /** The header, the blank line after it, and at most {@code bodyLines} lines of the body (TOP). */
    public static byte[] top(byte[] message, long bodyLines) {
        return stuff(message, bodyLines);
    }

    private static byte[] stuff(byte[] message, long bodyLines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + message.length / 40 + 8);
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
            if (end > start && message[start] == '.') {
                out.write('.');
            }
            out.write(message, start, end - start);
            out.write('\r');
            out.write('\n');
            if (!inBody && end == start) {
                inBody = true;
            }
            start = next;
        }
        return out.toByteArray();
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
