package io.mailstream.core;

import java.net.IDN;
import java.util.Locale;

/**
 * A mailbox address {@code local-part@domain}. The domain is kept in its lower-case ASCII
 * (A-label) form so that lookups never depend on how a sender spelled it; the local part keeps
 * its case for delivery, and {@link #key()} gives the case-folded form used to find accounts.
 */
public record MailAddress(String localPart, String domain) {

    /** RFC 5321 §4.5.3.1: local part at most 64 octets, domain at most 255, path at most 256. */
    public static final int MAX_LOCAL_PART = 64;
    public static final int MAX_DOMAIN = 255;

    public MailAddress {
        if (localPart == null || localPart.isEmpty() || localPart.length() > MAX_LOCAL_PART) {
            throw new IllegalArgumentException("bad local part");
        }
        if (domain == null || domain.isEmpty() || domain.length() > MAX_DOMAIN) {
            throw new IllegalArgumentException("bad domain");
        }
    }

    /**
     * Parses {@code local@domain} (no angle brackets). Accepts dot-atom and quoted-string local
     * parts and IDN domains; rejects everything else with {@link IllegalArgumentException}.
     */
    public static MailAddress parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("no address");
        }
        int at = text.lastIndexOf('@');
        if (at <= 0 || at == text.length() - 1) {
            throw new IllegalArgumentException("address needs local-part@domain");
        }
        String local = text.substring(0, at);
        String domain = normalizeDomain(text.substring(at + 1));
        if (!isValidLocalPart(local)) {
            throw new IllegalArgumentException("bad local part");
        }
        return new MailAddress(local, domain);
    }

    /** Lower-case A-label form of a domain name; throws on anything that is not a hostname. */
    public static String normalizeDomain(String domain) {
        if (domain == null || domain.isEmpty()) {
            throw new IllegalArgumentException("empty domain");
        }
        if (domain.startsWith("[")) {
            throw new IllegalArgumentException("address literals are not accepted");
        }
        String ascii;
        try {
            ascii = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad domain");
        }
        ascii = ascii.toLowerCase(Locale.ROOT);
        if (ascii.isEmpty() || ascii.length() > MAX_DOMAIN || ascii.endsWith(".") || ascii.startsWith(".")
                || ascii.contains("..") || !ascii.contains(".") && !ascii.equals("localhost")) {
            throw new IllegalArgumentException("bad domain");
        }
        for (String label : ascii.split("\\.")) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
                throw new IllegalArgumentException("bad domain");
            }
        }
        return ascii;
    }

    static boolean isValidLocalPart(String local) {
        if (local.length() > MAX_LOCAL_PART) {
            return false;
        }
        if (local.length() >= 2 && local.startsWith("\"") && local.endsWith("\"")) {
            return isValidQuotedString(local.substring(1, local.length() - 1));
        }
        if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            return false;
        }
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (!isAtext(c) && c != '.') {
                return false;
            }
        }
        return true;
    }

    private static boolean isValidQuotedString(String inner) {
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c == '\\') {
                if (++i >= inner.length() || inner.charAt(i) < 32 || inner.charAt(i) > 126) {
                    return false;
                }
            } else if (c == '"' || c < 32 || c == 127) {
                return false;
            }
        }
        return true;
    }

    /** RFC 5322 atext, plus UTF-8 (RFC 6531) characters above ASCII. */
    private static boolean isAtext(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || "!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0 || c > 127;
    }

    /** Case-folded form used as the account key: {@code alice@example.test}. */
    public String key() {
        return localPart.toLowerCase(Locale.ROOT) + "@" + domain;
    }

    public boolean isPostmaster() {
        return localPart.equalsIgnoreCase("postmaster");
    }

    @Override
    public String toString() {
        return localPart + "@" + domain;
    }
}
