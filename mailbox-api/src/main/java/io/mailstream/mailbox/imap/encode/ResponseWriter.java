package io.mailstream.mailbox.imap.encode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Builds response bytes: atoms, numbers, strings (quoted when that is safe, a literal otherwise),
 * NIL, and parenthesized lists. Callers end each response line with {@link #crlf()}.
 */
public final class ResponseWriter {

    private static final int MAX_QUOTED = 1024;

    /** Not a ByteArrayOutputStream: its synchronized write(int) costs more than the rest of a FETCH of envelopes. */
    private final Bytes out = new Bytes();
    private boolean needSpace;

    /** Writes text as is (an atom, a keyword, a number, a pre-formatted piece). */
    public ResponseWriter raw(String text) {
        space();
        out.writeText(text);
        needSpace = true;
        return this;
    }

    public ResponseWriter number(long n) {
        return raw(Long.toString(n));
    }

    public ResponseWriter nil() {
        return raw("NIL");
    }

    /** A string: NIL for null. */
    public ResponseWriter nstring(String s) {
        return s == null ? nil() : string(s);
    }

    public ResponseWriter string(String s) {
        if (s.length() <= MAX_QUOTED && quotable(s)) {
            space();
            out.write('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"' || c == '\\') {
                    out.write('\\');
                }
                out.write(c);
            }
            out.write('"');
            needSpace = true;
            return this;
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_QUOTED && quotable(bytes)) {
            space();
            out.write('"');
            for (byte b : bytes) {
                if (b == '"' || b == '\\') {
                    out.write('\\');
                }
                out.write(b);
            }
            out.write('"');
            needSpace = true;
            return this;
        }
        return literal(bytes);
    }

    public ResponseWriter literal(byte[] bytes) {
        space();
        out.writeBytes(("{" + bytes.length + "}\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(bytes);
        needSpace = true;
        return this;
    }

    /** A literal8 (RFC 3516) when the bytes hold NUL, which a plain literal may not carry. */
    public ResponseWriter binaryLiteral(byte[] bytes) {
        boolean nul = false;
        for (byte b : bytes) {
            if (b == 0) {
                nul = true;
                break;
            }
        }
        if (!nul) {
            return literal(bytes);
        }
        space();
        out.writeBytes(("~{" + bytes.length + "}\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(bytes);
        needSpace = true;
        return this;
    }

    public ResponseWriter open() {
        space();
        out.write('(');
        needSpace = false;
        return this;
    }

    /** "(" with no space before it: list elements that the grammar writes back to back. */
    public ResponseWriter openAdjacent() {
        out.write('(');
        needSpace = false;
        return this;
    }

    public ResponseWriter close() {
        out.write(')');
        needSpace = true;
        return this;
    }

    /** {@code (a b c)} of atoms, or {@code ()} when empty. */
    public ResponseWriter atomList(List<String> atoms) {
        open();
        for (String a : atoms) {
            raw(a);
        }
        return close();
    }

    /** Bytes another writer built (a whole list, e.g. a cached ENVELOPE), as one element. */
    public ResponseWriter encoded(byte[] element) {
        space();
        out.writeBytes(element);
        needSpace = true;
        return this;
    }

    /** Appends directly, without a separating space (e.g. {@code BODY[TEXT]<0>} before its value). */
    public ResponseWriter glue(String text) {
        out.writeText(text);
        needSpace = true;
        return this;
    }

    public ResponseWriter crlf() {
        out.write('\r');
        out.write('\n');
        needSpace = false;
        return this;
    }

    public byte[] toBytes() {
        return out.toByteArray();
    }

    public int size() {
        return out.size();
    }

    private void space() {
        if (needSpace) {
            out.write(' ');
        }
    }

    /** Whether every char is 7-bit text other than CR, LF and NUL: then the chars are the bytes. */
    private static boolean quotable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0 || c > 0x7f || c == '\r' || c == '\n') {
                return false;
            }
        }
        return true;
    }

    /** Quoted strings carry 7-bit text without CR, LF or NUL (RFC 3501 quoted). */
    private static boolean quotable(byte[] bytes) {
        for (byte b : bytes) {
            if (b <= 0 || b == '\r' || b == '\n') {
                return false;
            }
        }
        return true;
    }

    /** A growable byte buffer without locking. */
    private static final class Bytes {
        private byte[] buf = new byte[256];
        private int count;

        void write(int b) {
            if (count == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            buf[count++] = (byte) b;
        }

        void writeBytes(byte[] bytes) {
            if (count + bytes.length > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + bytes.length));
            }
            System.arraycopy(bytes, 0, buf, count, bytes.length);
            count += bytes.length;
        }

        /** UTF-8 of {@code text}, without encoding it first when it is all ASCII (atoms, numbers). */
        void writeText(String text) {
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) > 0x7f) {
                    writeBytes(text.getBytes(StandardCharsets.UTF_8));
                    return;
                }
            }
            for (int i = 0; i < text.length(); i++) {
                write(text.charAt(i));
            }
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, count);
        }

        int size() {
            return count;
        }
    }
}
