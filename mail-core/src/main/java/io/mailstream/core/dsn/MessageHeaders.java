package io.mailstream.core.dsn;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/** The header section of a raw message: for loop detection (Received count) and for DSNs. */
public final class MessageHeaders {

    private MessageHeaders() {
    }

    /** The bytes up to (not including) the empty line that ends the header section. */
    public static byte[] section(byte[] raw) {
        for (int i = 0; i < raw.length; i++) {
            boolean lineStart = i == 0 || raw[i - 1] == '\n';
            if (lineStart && (raw[i] == '\n' || raw[i] == '\r' && i + 1 < raw.length && raw[i + 1] == '\n')) {
                return Arrays.copyOf(raw, i);
            }
        }
        return raw;
    }

    /** How many Received: header fields the message carries, i.e. how many hops it made. */
    public static int receivedCount(byte[] raw) {
        String headers = new String(section(raw), StandardCharsets.ISO_8859_1);
        int count = 0;
        for (String line : headers.split("\r?\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("received:")) {
                count++;
            }
        }
        return count;
    }
}
