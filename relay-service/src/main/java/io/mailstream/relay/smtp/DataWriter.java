package io.mailstream.relay.smtp;

import java.io.ByteArrayOutputStream;

/**
 * The message as it goes on the wire after DATA: every line ending canonical CRLF (a bare LF or a
 * bare CR becomes CRLF), every line that starts with a dot gets one more (RFC 5321 §4.5.2), a
 * final CRLF if the message lacked one, then the terminating {@code .CRLF}.
 */
public final class DataWriter {

    private DataWriter() {
    }

    public static byte[] encode(byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + message.length / 50 + 8);
        boolean lineStart = true;
        for (int i = 0; i < message.length; i++) {
            byte b = message[i];
            if (b == '\r' || b == '\n') {
                out.write('\r');
                out.write('\n');
                if (b == '\r' && i + 1 < message.length && message[i + 1] == '\n') {
                    i++;
                }
                lineStart = true;
                continue;
            }
            if (lineStart && b == '.') {
                out.write('.');
            }
            out.write(b);
            lineStart = false;
        }
        if (!lineStart) {
            out.write('\r');
            out.write('\n');
        }
        out.write('.');
        out.write('\r');
        out.write('\n');
        return out.toByteArray();
    }

    /** The size to announce in MAIL FROM SIZE= (RFC 1870): the encoded message without its terminator. */
    public static long size(byte[] wire) {
        return wire.length - 3L;
    }

    /** True when the message has bytes above 127 and so needs BODY=8BITMIME. */
    public static boolean isEightBit(byte[] message) {
        for (byte b : message) {
            if (b < 0) {
                return true;
            }
        }
        return false;
    }
}
