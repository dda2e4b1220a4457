package io.mailstream.mailbox.imap.encode;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * IMAP's modified UTF-7 for mailbox names (RFC 3501 5.1.3): printable ASCII stands for itself
 * ({@code &} as {@code &-}); anything else is UTF-16 in base64 with {@code ,} for {@code /},
 * between {@code &} and {@code -}. Names are stored as Unicode and converted at the protocol edge.
 */
public final class ModifiedUtf7 {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

    private ModifiedUtf7() {
    }

    public static String encode(String name) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < name.length()) {
            char c = name.charAt(i);
            if (c == '&') {
                out.append("&-");
                i++;
            } else if (c >= 0x20 && c <= 0x7e) {
                out.append(c);
                i++;
            } else {
                int end = i;
                while (end < name.length() && (name.charAt(end) < 0x20 || name.charAt(end) > 0x7e)) {
                    end++;
                }
                out.append('&').append(base64(name.substring(i, end).getBytes(StandardCharsets.UTF_16BE))).append('-');
                i = end;
            }
        }
        return out.toString();
    }

    /**
     * Decodes a name as a client sent it. Characters outside ASCII pass through unchanged (a
     * client sending UTF-8 names); a malformed {@code &...-} sequence throws IllegalArgumentException.
     */
    public static String decode(String wire) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < wire.length()) {
            char c = wire.charAt(i);
            if (c != '&') {
                out.append(c);
                i++;
                continue;
            }
            int end = wire.indexOf('-', i + 1);
            if (end < 0) {
                throw new IllegalArgumentException("unterminated &-sequence");
            }
            if (end == i + 1) {
                out.append('&');
            } else {
                out.append(utf16(unbase64(wire.substring(i + 1, end))));
            }
            i = end + 1;
        }
        return out.toString();
    }

    private static String base64(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        int bits = 0;
        int buffer = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 6) {
                bits -= 6;
                sb.append(ALPHABET.charAt((buffer >> bits) & 0x3f));
            }
        }
        if (bits > 0) {
            sb.append(ALPHABET.charAt((buffer << (6 - bits)) & 0x3f));
        }
        return sb.toString();
    }

    private static byte[] unbase64(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int bits = 0;
        int buffer = 0;
        for (int i = 0; i < text.length(); i++) {
            int v = ALPHABET.indexOf(text.charAt(i));
            if (v < 0) {
                throw new IllegalArgumentException("invalid character in &-sequence");
            }
            buffer = (buffer << 6) | v;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out.write((buffer >> bits) & 0xff);
            }
        }
        if (bits >= 6 || (buffer & ((1 << bits) - 1)) != 0) {
            throw new IllegalArgumentException("invalid padding in &-sequence");
        }
        return out.toByteArray();
    }

    private static String utf16(byte[] bytes) {
        if (bytes.length % 2 != 0) {
            throw new IllegalArgumentException("odd length &-sequence");
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_16BE.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("invalid UTF-16 in &-sequence");
        }
    }
}
