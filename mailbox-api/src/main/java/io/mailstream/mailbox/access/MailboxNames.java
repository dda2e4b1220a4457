package io.mailstream.mailbox.access;

import io.mailstream.store.Mailbox;

import java.util.Locale;

/**
 * The rules for mailbox names, whatever the protocol: {@code /} separates levels, {@code INBOX}
 * is case-insensitive, and a name is refused when it could confuse a client, a log or a path:
 * control characters, empty levels ({@code a//b}, a leading {@code /}), {@code .} or {@code ..}
 * levels, the LIST wildcards {@code * %}, more than {@link #MAX_LENGTH} characters or
 * {@link #MAX_DEPTH} levels.
 */
public final class MailboxNames {

    public static final char DELIMITER = '/';
    public static final int MAX_LENGTH = 255;
    public static final int MAX_DEPTH = 16;

    private MailboxNames() {
    }

    /** Thrown for a name that breaks a rule; the message says which, for the client. */
    public static final class InvalidName extends IllegalArgumentException {
        InvalidName(String message) {
            super(message);
        }
    }

    /** {@code inbox} and {@code Inbox/x} become {@code INBOX} and {@code INBOX/x}; nothing else changes. */
    public static String canonical(String name) {
        if (name.length() >= 5 && name.regionMatches(true, 0, Mailbox.INBOX, 0, 5)
                && (name.length() == 5 || name.charAt(5) == DELIMITER)) {
            return Mailbox.INBOX + name.substring(5);
        }
        return name;
    }

    /** The canonical form of a valid name; throws {@link InvalidName} otherwise. */
    public static String validate(String name) {
        if (name.isEmpty()) {
            throw new InvalidName("Empty mailbox name");
        }
        if (name.length() > MAX_LENGTH) {
            throw new InvalidName("Mailbox name too long");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '*' || c == '%') {
                throw new InvalidName("Invalid character in mailbox name");
            }
        }
        String[] levels = name.split(String.valueOf(DELIMITER), -1);
        if (levels.length > MAX_DEPTH) {
            throw new InvalidName("Mailbox hierarchy too deep");
        }
        for (String level : levels) {
            if (level.isEmpty() || level.equals(".") || level.equals("..") || !level.strip().equals(level)) {
                throw new InvalidName("Invalid mailbox name level");
            }
        }
        return canonical(name);
    }

    /** The names of the levels above {@code name}: {@code a/b/c} gives {@code a}, {@code a/b}. */
    public static java.util.List<String> parents(String name) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (int i = name.indexOf(DELIMITER); i > 0; i = name.indexOf(DELIMITER, i + 1)) {
            out.add(name.substring(0, i));
        }
        return out;
    }

    public static boolean isInbox(String name) {
        return name.toUpperCase(Locale.ROOT).equals(Mailbox.INBOX);
    }
}
