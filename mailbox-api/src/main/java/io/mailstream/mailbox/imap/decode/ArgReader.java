package io.mailstream.mailbox.imap.decode;

import io.mailstream.mailbox.imap.request.SequenceSet;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A cursor over one complete command as it came off the wire: the command line with any literals
 * in place ({@code {n}CRLF} followed by the n octets), without the final CRLF. Methods read one
 * RFC 3501 grammar element each and throw {@link DecodeException} when the input does not match.
 */
public final class ArgReader {

    private static final DateTimeFormatter SEARCH_DATE = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("d-MMM-yyyy").toFormatter(Locale.ROOT);

    private final byte[] in;
    private int pos;

    public ArgReader(byte[] command) {
        this.in = command;
    }

    public boolean atEnd() {
        return pos >= in.length;
    }

    public int peek() {
        return atEnd() ? -1 : in[pos] & 0xff;
    }

    /** Whether the input continues with {@code text}, ignoring ASCII case; consumes nothing. */
    public boolean lookingAtIgnoreCase(String text) {
        if (in.length - pos < text.length()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.toUpperCase(in[pos + i]) != Character.toUpperCase(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    public boolean tryConsume(char c) {
        if (peek() == c) {
            pos++;
            return true;
        }
        return false;
    }

    public void expect(char c) {
        if (!tryConsume(c)) {
            throw new DecodeException(atEnd() ? "Missing argument" : "Expected '" + c + "'");
        }
    }

    public void sp() {
        expect(' ');
    }

    /** The command must end here. */
    public void end() {
        if (!atEnd()) {
            throw new DecodeException("Unexpected extra arguments");
        }
    }

    /** tag: ASTRING-CHARs except '+'. */
    public String tag() {
        int start = pos;
        while (!atEnd() && isAstringChar(peek()) && peek() != '+') {
            pos++;
        }
        if (pos == start) {
            throw new DecodeException("Invalid tag");
        }
        return ascii(start, pos);
    }

    public String atom() {
        int start = pos;
        while (!atEnd() && isAtomChar(peek())) {
            pos++;
        }
        if (pos == start) {
            throw new DecodeException("Expected an atom");
        }
        return ascii(start, pos);
    }

    /** An atom or an atom followed by a bracketed suffix such as {@code BODY.PEEK[HEADER]}. */
    public String astring() {
        return new String(astringBytes(), StandardCharsets.UTF_8);
    }

    public byte[] astringBytes() {
        int c = peek();
        if (c == '"' || c == '{') {
            return stringBytes();
        }
        int start = pos;
        while (!atEnd() && isAstringChar(peek())) {
            pos++;
        }
        if (pos == start) {
            throw new DecodeException("Expected a string");
        }
        return slice(start, pos);
    }

    /** quoted or literal. */
    public String string() {
        return new String(stringBytes(), StandardCharsets.UTF_8);
    }

    public byte[] stringBytes() {
        int c = peek();
        if (c == '"') {
            return quoted();
        }
        if (c == '{') {
            return literal();
        }
        if (c == '~') { // literal8 (RFC 3516), used by APPEND
            pos++;
            return literal();
        }
        throw new DecodeException("Expected a quoted string or literal");
    }

    /** list-mailbox: list-chars (atom chars plus % * ]) or a string. */
    public String listMailbox() {
        int c = peek();
        if (c == '"' || c == '{') {
            return string();
        }
        int start = pos;
        while (!atEnd() && (isAstringChar(peek()) || peek() == '%' || peek() == '*')) {
            pos++;
        }
        if (pos == start) {
            throw new DecodeException("Expected a mailbox pattern");
        }
        return ascii(start, pos);
    }

    public long number() {
        int start = pos;
        long value = 0;
        while (!atEnd() && peek() >= '0' && peek() <= '9') {
            value = value * 10 + (in[pos++] - '0');
            if (value > 0xFFFFFFFFL) {
                throw new DecodeException("Number out of range");
            }
        }
        if (pos == start) {
            throw new DecodeException("Expected a number");
        }
        return value;
    }

    public long nzNumber() {
        long n = number();
        if (n == 0) {
            throw new DecodeException("Expected a non-zero number");
        }
        return n;
    }

    /**
     * sequence-set: (number / "*" / range) *("," ...), with "*" as {@link SequenceSet#STAR}; or
     * "$" alone, the saved search result (RFC 5182).
     */
    public SequenceSet sequenceSet() {
        if (tryConsume('$')) {
            return SequenceSet.SAVED;
        }
        List<SequenceSet.Range> ranges = new ArrayList<>();
        do {
            long lo = seqNumber();
            long hi = tryConsume(':') ? seqNumber() : lo;
            ranges.add(new SequenceSet.Range(lo, hi));
        } while (tryConsume(','));
        return new SequenceSet(ranges);
    }

    private long seqNumber() {
        return tryConsume('*') ? SequenceSet.STAR : nzNumber();
    }

    /** Letters, digits and dots: a FETCH item or section name such as {@code BODY.PEEK}. */
    public String name() {
        int start = pos;
        while (!atEnd() && (Character.isLetterOrDigit(peek()) && peek() < 0x80 || peek() == '.')) {
            pos++;
        }
        if (pos == start) {
            throw new DecodeException("Expected a name");
        }
        return ascii(start, pos).toUpperCase(Locale.ROOT);
    }

    /** date: d-Mon-yyyy, optionally quoted. */
    public LocalDate date() {
        boolean quoted = tryConsume('"');
        int start = pos;
        while (!atEnd() && peek() != '"' && peek() != ' ' && peek() != ')') {
            pos++;
        }
        String text = ascii(start, pos);
        if (quoted) {
            expect('"');
        }
        try {
            return LocalDate.parse(text, SEARCH_DATE);
        } catch (DateTimeParseException e) {
            throw new DecodeException("Invalid date");
        }
    }

    /** flag-list: "(" [flag *(SP flag)] ")". */
    public List<String> flagList() {
        expect('(');
        List<String> flags = new ArrayList<>();
        if (tryConsume(')')) {
            return flags;
        }
        do {
            flags.add(flag());
        } while (tryConsume(' '));
        expect(')');
        return flags;
    }

    /** A system flag ({@code \Seen}) or a keyword atom. */
    public String flag() {
        if (tryConsume('\\')) {
            return "\\" + atom();
        }
        return atom();
    }

    private byte[] quoted() {
        expect('"');
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        while (true) {
            if (atEnd()) {
                throw new DecodeException("Unterminated quoted string");
            }
            int c = in[pos++] & 0xff;
            if (c == '"') {
                return out.toByteArray();
            }
            if (c == '\\') {
                if (atEnd() || (peek() != '"' && peek() != '\\')) {
                    throw new DecodeException("Invalid escape in quoted string");
                }
                c = in[pos++] & 0xff;
            } else if (c == '\r' || c == '\n' || c == 0) {
                throw new DecodeException("Invalid character in quoted string");
            }
            out.write(c);
        }
    }

    private byte[] literal() {
        expect('{');
        long n = number();
        tryConsume('+');
        expect('}');
        expect('\r');
        expect('\n');
        if (n > in.length - pos) {
            throw new DecodeException("Literal shorter than announced");
        }
        byte[] out = slice(pos, pos + (int) n);
        pos += (int) n;
        return out;
    }

    private byte[] slice(int from, int to) {
        byte[] out = new byte[to - from];
        System.arraycopy(in, from, out, 0, out.length);
        return out;
    }

    private String ascii(int from, int to) {
        return new String(in, from, to - from, StandardCharsets.US_ASCII);
    }

    /** ATOM-CHAR: any CHAR except atom-specials ( ) { SP CTL % * " \ ]. */
    static boolean isAtomChar(int c) {
        return c > 0x20 && c < 0x7f && c != '(' && c != ')' && c != '{' && c != '%' && c != '*' && c != '"'
                && c != '\\' && c != ']';
    }

    static boolean isAstringChar(int c) {
        return isAtomChar(c) || c == ']';
    }
}
