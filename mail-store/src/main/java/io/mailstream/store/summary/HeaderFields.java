package io.mailstream.store.summary;

import java.util.regex.Pattern;

/**
 * How a raw header field (its lines as written, folding kept) is read, the one rule for the stored
 * {@link MessageSummary} and for IMAP's own header parsing: the name is the text before the first
 * colon, and a line whose name is empty or holds a space, control or non-ASCII character is no
 * field; the value is unfolded (a line break before white space removed), its final line break
 * dropped, and stripped.
 */
public final class HeaderFields {

    private static final Pattern FOLD = Pattern.compile("\r?\n(?=[ \t])");
    private static final Pattern FINAL_BREAK = Pattern.compile("\r?\n$");

    private HeaderFields() {
    }

    /** The field's name as written, or null when {@code raw} is not a field. */
    public static String name(String raw) {
        int colon = raw.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        for (int i = 0; i < colon; i++) {
            char c = raw.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                return null;
            }
        }
        return raw.substring(0, colon);
    }

    /** The unfolded value of a field whose {@link #name} is not null. */
    public static String value(String raw) {
        String value = raw.substring(raw.indexOf(':') + 1);
        return FINAL_BREAK.matcher(FOLD.matcher(value).replaceAll("")).replaceAll("").strip();
    }
}
