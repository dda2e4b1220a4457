package io.mailstream.mailbox.pop3;

import java.util.OptionalInt;
import java.util.OptionalLong;

/** Strict parsing of POP3 numeric arguments: ASCII digits only, no sign, no overflow. */
public final class MessageNumber {

    private MessageNumber() {
    }

    /** A message number of 1 or more, or empty for anything else ({@code 0}, {@code -1}, {@code x}, too big). */
    public static OptionalInt parse(String text) {
        OptionalLong n = parseNonNegative(text);
        if (n.isEmpty() || n.getAsLong() < 1 || n.getAsLong() > Integer.MAX_VALUE) {
            return OptionalInt.empty();
        }
        return OptionalInt.of((int) n.getAsLong());
    }

    /** A count of 0 or more; values beyond {@code Long.MAX_VALUE} saturate. Empty if not all digits. */
    public static OptionalLong parseNonNegative(String text) {
        if (text == null || text.isEmpty()) {
            return OptionalLong.empty();
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return OptionalLong.empty();
            }
            if (value > (Long.MAX_VALUE - (c - '0')) / 10) {
                value = Long.MAX_VALUE;
            } else {
                value = value * 10 + (c - '0');
            }
        }
        return OptionalLong.of(value);
    }
}
