package io.mailstream.smtp;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The argument of MAIL FROM / RCPT TO: {@code FROM:<path> [KEYWORD[=value] ...]}.
 *
 * @param mailbox    what was between the angle brackets, without a source route; empty for {@code <>}
 * @param parameters ESMTP parameters by upper-case keyword, in the order given (value null if none)
 * @param utf8       the mailbox has non-ASCII characters (decoded from UTF-8): it needs SMTPUTF8
 */
public record SmtpPath(String mailbox, Map<String, String> parameters, boolean utf8) {

    /** RFC 5321 §4.5.3.1.3: a path is at most 256 octets including the angle brackets. */
    static final int MAX_PATH = 256;

    /**
     * Parses {@code argument}, which must start with {@code keyword:} (case-insensitive). A space
     * after the colon is tolerated because common clients send one.
     *
     * <p>{@code argument} holds the command's bytes one char each (ISO-8859-1); a mailbox with
     * bytes above 127 must be well-formed UTF-8 and is returned decoded, flagged {@link #utf8}.
     *
     * @throws SmtpRejection 501 5.5.4 for syntax, 553 5.6.7 for malformed UTF-8
     */
    public static SmtpPath parse(String argument, String keyword, String usage) {
        String prefix = keyword + ":";
        if (!argument.regionMatches(true, 0, prefix, 0, prefix.length())) {
            throw new SmtpRejection(SmtpReplies.syntax(usage));
        }
        int i = prefix.length();
        while (i < argument.length() && argument.charAt(i) == ' ') {
            i++;
        }
        if (i >= argument.length() || argument.charAt(i) != '<') {
            throw new SmtpRejection(SmtpReplies.syntax(usage));
        }
        int close = closingBracket(argument, i + 1);
        if (close < 0 || close - i + 1 > MAX_PATH) {
            throw new SmtpRejection(SmtpReplies.syntax(usage));
        }
        String inside = argument.substring(i + 1, close);
        boolean utf8 = false;
        for (int k = 0; k < inside.length(); k++) {
            if (inside.charAt(k) > 127) {
                utf8 = true;
                break;
            }
        }
        if (utf8) {
            inside = decodeUtf8(inside);
        }
        String rest = argument.substring(close + 1);
        if (!rest.isEmpty() && rest.charAt(0) != ' ') {
            throw new SmtpRejection(SmtpReplies.syntax(usage));
        }
        return new SmtpPath(stripSourceRoute(inside), parameters(rest, usage), utf8);
    }

    /**
     * Strict UTF-8 (no overlongs, no surrogates, no truncated sequences), and no C1 controls,
     * Unicode line or paragraph separators or format characters, which some parsers take for line
     * breaks or hide: else 553 5.6.7.
     */
    private static String decodeUtf8(String latin1) {
        String decoded;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(latin1.getBytes(StandardCharsets.ISO_8859_1))).toString();
        } catch (CharacterCodingException e) {
            throw new SmtpRejection(SmtpReplies.BAD_UTF8_ADDRESS);
        }
        boolean unsafe = decoded.codePoints().anyMatch(cp -> Character.isISOControl(cp)
                || Character.getType(cp) == Character.LINE_SEPARATOR
                || Character.getType(cp) == Character.PARAGRAPH_SEPARATOR
                || Character.getType(cp) == Character.FORMAT);
        if (unsafe) {
            throw new SmtpRejection(SmtpReplies.BAD_UTF8_ADDRESS);
        }
        return decoded;
    }

    public boolean isNull() {
        return mailbox.isEmpty();
    }

    /** Index of the '>' that closes the path, skipping quoted strings and escapes; -1 if none. */
    private static int closingBracket(String s, int from) {
        boolean quoted = false;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '>' && !quoted) {
                return i;
            }
        }
        return -1;
    }

    /** RFC 5321 §4.1.2 / appendix C: {@code @relay1,@relay2:user@domain} is accepted and the route ignored. */
    private static String stripSourceRoute(String path) {
        if (!path.startsWith("@")) {
            return path;
        }
        int colon = path.indexOf(':');
        if (colon < 0) {
            return path; // "@domain" alone: left for the address parser to refuse
        }
        return path.substring(colon + 1);
    }

    private static Map<String, String> parameters(String rest, String usage) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String token : rest.trim().split(" +")) {
            if (token.isEmpty()) {
                continue;
            }
            int eq = token.indexOf('=');
            String key = (eq < 0 ? token : token.substring(0, eq)).toUpperCase(Locale.ROOT);
            String value = eq < 0 ? null : token.substring(eq + 1);
            if (!isEsmtpKeyword(key) || value != null && value.isEmpty() || params.containsKey(key)) {
                throw new SmtpRejection(SmtpReplies.syntax(usage));
            }
            params.put(key, value);
        }
        return Collections.unmodifiableMap(params);
    }

    /** RFC 5321 esmtp-keyword: (ALPHA / DIGIT) *(ALPHA / DIGIT / "-"). */
    private static boolean isEsmtpKeyword(String key) {
        if (key.isEmpty()) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean alnum = c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
            if (!alnum && (i == 0 || c != '-')) {
                return false;
            }
        }
        return true;
    }
}
