package io.mailstream.smtp;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Syntax of the RFC 3461 (DSN) parameters: RET and ENVID on MAIL, NOTIFY and ORCPT on RCPT.
 * Values are checked here and kept as sent (xtext stays encoded) for the relay to honour.
 */
public final class DsnParameters {

    static final int MAX_ENVID = 100;
    static final int MAX_ORCPT = 500;
    private static final Set<String> NOTIFY_VALUES = Set.of("SUCCESS", "FAILURE", "DELAY");

    private DsnParameters() {
    }

    /** RET=FULL|HDRS, upper-cased; null if the value is anything else. */
    public static String ret(String value) {
        if (value == null) {
            return null;
        }
        String v = value.toUpperCase(Locale.ROOT);
        return v.equals("FULL") || v.equals("HDRS") ? v : null;
    }

    /** ENVID=xtext of at most 100 characters; null if malformed. */
    public static String envid(String value) {
        return value != null && value.length() <= MAX_ENVID && isXtext(value) ? value : null;
    }

    /** NOTIFY=NEVER, or a comma list of SUCCESS, FAILURE, DELAY without repeats; upper-cased, or null if malformed. */
    public static String notify(String value) {
        if (value == null) {
            return null;
        }
        String v = value.toUpperCase(Locale.ROOT);
        if (v.equals("NEVER")) {
            return v;
        }
        Set<String> seen = new LinkedHashSet<>();
        for (String item : v.split(",", -1)) {
            if (!NOTIFY_VALUES.contains(item) || !seen.add(item)) {
                return null;
            }
        }
        return String.join(",", seen);
    }

    /** ORCPT=addr-type;xtext (addr-type an atom such as rfc822 or utf-8); null if malformed. */
    public static String orcpt(String value) {
        if (value == null || value.length() > MAX_ORCPT) {
            return null;
        }
        int semi = value.indexOf(';');
        if (semi <= 0 || semi == value.length() - 1) {
            return null;
        }
        String type = value.substring(0, semi);
        for (int i = 0; i < type.length(); i++) {
            char c = type.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-')) {
                return null;
            }
        }
        return isXtext(value.substring(semi + 1)) ? value : null;
    }

    /** RFC 3461 §4: xtext = *( xchar / "+" 2HEXCHAR ), xchar = "!".."~" except "+" and "=". */
    public static boolean isXtext(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+') {
                if (i + 2 >= s.length() || !isUpperHex(s.charAt(i + 1)) || !isUpperHex(s.charAt(i + 2))) {
                    return false;
                }
                i += 2;
            } else if (c < '!' || c > '~' || c == '=') {
                return false;
            }
        }
        return true;
    }

    private static boolean isUpperHex(char c) {
        return c >= '0' && c <= '9' || c >= 'A' && c <= 'F';
    }
}
