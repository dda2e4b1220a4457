package io.mailstream.mailbox.imap.process;

import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.Locale;

/** Undoes a Content-Transfer-Encoding (RFC 2045) for BINARY fetches. */
final class TransferEncoding {

    private TransferEncoding() {
    }

    /** The decoded bytes, or null for an encoding that is not one of RFC 2045's. */
    static byte[] decode(String encoding, byte[] body) {
        String e = encoding == null ? "7bit" : encoding.strip().toLowerCase(Locale.ROOT);
        return switch (e) {
            case "7bit", "8bit", "binary", "" -> body;
            case "base64" -> base64(body);
            case "quoted-printable" -> quotedPrintable(body);
            default -> null;
        };
    }

    /** Lenient: characters outside the alphabet (line breaks, junk) are skipped, as RFC 2045 asks. */
    private static byte[] base64(byte[] body) {
        ByteArrayOutputStream clean = new ByteArrayOutputStream(body.length);
        for (byte b : body) {
            if ((b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '+' || b == '/') {
                clean.write(b);
            }
        }
        byte[] chars = clean.toByteArray();
        int usable = chars.length % 4 == 1 ? chars.length - 1 : chars.length; // a lone sextet carries no byte
        return Base64.getDecoder().decode(pad(chars, usable));
    }

    private static byte[] pad(byte[] chars, int length) {
        int padded = (length + 3) / 4 * 4;
        byte[] out = new byte[padded];
        System.arraycopy(chars, 0, out, 0, length);
        for (int i = length; i < padded; i++) {
            out[i] = '=';
        }
        return out;
    }

    private static byte[] quotedPrintable(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
        for (int i = 0; i < body.length; i++) {
            byte b = body[i];
            if (b != '=') {
                out.write(b);
            } else if (i + 2 < body.length && body[i + 1] == '\r' && body[i + 2] == '\n') {
                i += 2; // soft line break
            } else if (i + 1 < body.length && body[i + 1] == '\n') {
                i += 1;
            } else if (i + 2 < body.length && hex(body[i + 1]) >= 0 && hex(body[i + 2]) >= 0) {
                out.write(hex(body[i + 1]) * 16 + hex(body[i + 2]));
                i += 2;
            } else {
                out.write(b); // not an escape: kept as is
            }
        }
        return out.toByteArray();
    }

    private static int hex(byte c) {
        return Character.digit(c, 16);
    }
}
