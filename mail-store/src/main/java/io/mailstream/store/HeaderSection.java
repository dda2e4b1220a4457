package io.mailstream.store;

import java.nio.charset.StandardCharsets;

/**
 * The header section of a raw RFC 5322 message as stored in {@link StoredMessage#header()}: the
 * bytes up to and including the empty line that ends it (IMAP's BODY[HEADER] includes that line),
 * decoded as UTF-8. Bounded: beyond the limit the section is cut after the last complete line.
 * The same rule as delivery-service's HeaderSection, here so that every writer of message records
 * (delivery, IMAP APPEND) computes the field alike.
 */
public final class HeaderSection {

    /** Far above any real header section, far below MongoDB's 16 MB document limit. */
    public static final int DEFAULT_LIMIT = 256 * 1024;

    private HeaderSection() {
    }

    public static String of(byte[] raw) {
        return of(raw, DEFAULT_LIMIT);
    }

    public static String of(byte[] raw, int limit) {
        if (raw.length >= 2 && raw[0] == '\r' && raw[1] == '\n') {
            return decode(raw, 2);
        }
        int scan = Math.min(raw.length, limit);
        for (int i = 0; i + 3 < scan; i++) {
            if (raw[i] == '\r' && raw[i + 1] == '\n' && raw[i + 2] == '\r' && raw[i + 3] == '\n') {
                return decode(raw, i + 4);
            }
        }
        if (raw.length <= limit) {
            return decode(raw, raw.length);
        }
        for (int i = scan - 2; i >= 0; i--) {
            if (raw[i] == '\r' && raw[i + 1] == '\n') {
                return decode(raw, i + 2);
            }
        }
        return decode(raw, scan);
    }

    private static String decode(byte[] raw, int length) {
        return new String(raw, 0, length, StandardCharsets.UTF_8);
    }
}
