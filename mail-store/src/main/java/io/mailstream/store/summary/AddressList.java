package io.mailstream.store.summary;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads an RFC 5322 address list into the address structures of an IMAP ENVELOPE. Display names
 * keep their encoded words (the client decodes them); comments are dropped; a group becomes a
 * start marker (mailbox = group name, host = null) and an end marker (all null), as RFC 3501
 * 7.4.2 describes. Lenient: what cannot be read as an address is skipped, never an error.
 * Shared by delivery (the stored {@link MessageSummary}) and IMAP (messages without one, SORT), so
 * both give the same ENVELOPE.
 */
public final class AddressList {

    private static final int MAX_ADDRESSES = 1000;

    private final String s;
    private int pos;
    private final List<EnvelopeAddress> out = new ArrayList<>();

    private AddressList(String s) {
        this.s = s;
    }

    /** The addresses of a header value; empty for null or nothing readable. */
    public static List<EnvelopeAddress> parse(String value) {
        if (value == null) {
            return List.of();
        }
        AddressList p = new AddressList(value);
        p.run();
        return p.out;
    }

    private void run() {
        boolean inGroup = false;
        while (pos < s.length() && out.size() < MAX_ADDRESSES) {
            List<String> words = new ArrayList<>();
            StringBuilder bare = new StringBuilder();
            char stop = readWords(words, bare);
            if (stop == '<') {
                angleAddress(words.isEmpty() ? null : String.join(" ", words));
                skipTo(inGroup ? ",;" : ",");
                if (peek() == ';') {
                    continue;
                }
                pos++;
            } else if (stop == ':' && !inGroup) {
                out.add(new EnvelopeAddress(null, null, String.join(" ", words), null));
                inGroup = true;
                pos++;
            } else {
                addBare(bare.toString());
                if (stop == ';' && inGroup) {
                    out.add(new EnvelopeAddress(null, null, null, null));
                    inGroup = false;
                }
                pos++;
            }
        }
        if (inGroup) {
            out.add(new EnvelopeAddress(null, null, null, null));
        }
    }

    /**
     * Reads phrase words until one of {@code < : ; ,} or the end, returning it (0 for the end).
     * {@code bare} collects the same text without spaces, for an address without angle brackets.
     */
    private char readWords(List<String> words, StringBuilder bare) {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == '<' || c == ':' || c == ';' || c == ',') {
                return c;
            }
            if (c == '(') {
                skipComment();
            } else if (c == '"') {
                String q = quoted();
                words.add(q);
                bare.append('"').append(q).append('"');
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else {
                int start = pos;
                while (pos < s.length() && !Character.isWhitespace(s.charAt(pos)) && "<>:;,(\"".indexOf(s.charAt(pos)) < 0) {
                    pos++;
                }
                String w = s.substring(start, pos);
                words.add(w);
                bare.append(w);
            }
        }
        return 0;
    }

    private void angleAddress(String name) {
        pos++;
        StringBuilder spec = new StringBuilder();
        while (pos < s.length() && s.charAt(pos) != '>') {
            char c = s.charAt(pos);
            if (c == '(') {
                skipComment();
                continue;
            }
            if (c == '"') {
                spec.append('"').append(quoted()).append('"');
                continue;
            }
            if (!Character.isWhitespace(c)) {
                spec.append(c);
            }
            pos++;
        }
        pos++;
        String addr = spec.toString();
        String adl = null;
        int colon = addr.lastIndexOf(':');
        if (addr.startsWith("@") && colon > 0) {
            adl = addr.substring(0, colon);
            addr = addr.substring(colon + 1);
        }
        if (addr.isEmpty()) {
            return;
        }
        int at = addr.lastIndexOf('@');
        out.add(new EnvelopeAddress(name, adl, at < 0 ? addr : addr.substring(0, at), at < 0 ? "" : addr.substring(at + 1)));
    }

    private void addBare(String spec) {
        if (spec.isEmpty()) {
            return;
        }
        int at = spec.lastIndexOf('@');
        out.add(new EnvelopeAddress(null, null, at < 0 ? spec : spec.substring(0, at), at < 0 ? "" : spec.substring(at + 1)));
    }

    private String quoted() {
        StringBuilder sb = new StringBuilder();
        pos++;
        while (pos < s.length() && s.charAt(pos) != '"') {
            char c = s.charAt(pos++);
            if (c == '\\' && pos < s.length()) {
                c = s.charAt(pos++);
            }
            sb.append(c);
        }
        pos++;
        return sb.toString();
    }

    private void skipComment() {
        int depth = 0;
        while (pos < s.length()) {
            char c = s.charAt(pos++);
            if (c == '\\') {
                pos++;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return;
            }
        }
    }

    private void skipTo(String stops) {
        while (pos < s.length() && stops.indexOf(s.charAt(pos)) < 0) {
            pos++;
        }
    }

    private char peek() {
        return pos < s.length() ? s.charAt(pos) : 0;
    }
}
