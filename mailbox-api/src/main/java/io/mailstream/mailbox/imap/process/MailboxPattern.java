package io.mailstream.mailbox.imap.process;

import java.util.Locale;

/**
 * A LIST pattern: {@code *} matches anything, {@code %} anything but the hierarchy delimiter.
 * Matched by dynamic programming, so no pattern can make matching take more than
 * pattern length × name length steps. INBOX matches in any case.
 */
public final class MailboxPattern {

    public static final char DELIMITER = '/';
    static final int MAX_LENGTH = 1024;

    private final String pattern;

    public MailboxPattern(String reference, String pattern) {
        String full = reference + pattern;
        if (full.length() > MAX_LENGTH) {
            throw ImapException.bad("Pattern too long");
        }
        if (full.toUpperCase(Locale.ROOT).startsWith("INBOX")
                && (full.length() == 5 || full.charAt(5) == DELIMITER)) {
            full = "INBOX" + full.substring(5);
        }
        this.pattern = full;
    }

    public boolean matches(String name) {
        int p = pattern.length();
        int n = name.length();
        // can[j]: pattern prefix of length i matches name prefix of length j
        boolean[] can = new boolean[n + 1];
        can[0] = true;
        for (int i = 1; i <= p; i++) {
            char pc = pattern.charAt(i - 1);
            boolean[] next = new boolean[n + 1];
            if (pc == '*' || pc == '%') {
                boolean reach = false;
                for (int j = 0; j <= n; j++) {
                    if (j > 0 && pc == '%' && name.charAt(j - 1) == DELIMITER) {
                        reach = false;
                    }
                    reach |= can[j];
                    next[j] = reach;
                }
            } else {
                for (int j = 1; j <= n; j++) {
                    next[j] = can[j - 1] && name.charAt(j - 1) == pc;
                }
            }
            can = next;
        }
        return can[n];
    }
}
