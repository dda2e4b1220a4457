package io.mailstream.smtp;

import java.util.Locale;

/** One command line split into its verb (upper case) and the rest (as sent, without trailing blanks). */
public record SmtpCommand(String verb, String argument) {

    public static SmtpCommand parse(String line) {
        String trimmed = stripTrailingBlanks(line);
        int space = trimmed.indexOf(' ');
        if (space < 0) {
            return new SmtpCommand(trimmed.toUpperCase(Locale.ROOT), "");
        }
        return new SmtpCommand(trimmed.substring(0, space).toUpperCase(Locale.ROOT),
                trimmed.substring(space + 1).stripLeading());
    }

    public boolean hasArgument() {
        return !argument.isEmpty();
    }

    private static String stripTrailingBlanks(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return s.substring(0, end);
    }
}
