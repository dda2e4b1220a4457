package io.mailstream.delivery;

import java.nio.charset.StandardCharsets;

/**
 * The header section of a raw RFC 5322 message, which IMAP serves for ENVELOPE, header fetches
 * and SEARCH without reading the body: the bytes up to and including the empty line that ends it
 * (IMAP's BODY[HEADER] includes that line). Bounded, so a message that never ends its header
 * cannot make a huge record: beyond the limit the section is cut after the last complete line.
 * Bytes are decoded as UTF-8 (RFC 6532 headers); invalid sequences become U+FFFD, so byte-exact
 * reads must come from the blob.
 */
public final class HeaderSection {

    /** Far above any real header section, far below MongoDB's 16 MB document limit. */
    public static final int DEFAULT_LIMIT = 256 * 1024;

    private HeaderSection() {
    }

    public static String of(byte[] raw, int limit) {
        if (raw.length >= 2 && raw[0] == '\r' && raw[1] == '\n') {
            return decode(raw, 2); // no header fields at all: the section is the empty line
        }
        int scan = Math.min(raw.length, limit);
        for (int i = 0; i + 3 < scan; i++) {
            if (raw[i] == '\r' && raw[i + 1] == '\n' && raw[i + 2] == '\r' && raw[i + 3] == '\n') {
                return decode(raw, i + 4);
            }
        }
        if (raw.length <= limit) {
            return decode(raw, raw.length); // no body: the whole message is header
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
