package io.mailstream.store;

import io.mailstream.core.MailAddress;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The one mapping from what a user or an admin types to an account key, used by every directory
 * lookup and by the login throttle. Spellings of one address map to one key, so no spelling can
 * reach (or create) another account:
 * <ul>
 * <li>Unicode compatibility forms are folded (NFKC: full-width {@code ａｌｉｃｅ} is {@code alice},
 * decomposed {@code a\u0308} is {@code ä}), in the spirit of the PRECIS UsernameCaseMapped profile;</li>
 * <li>the local part is lower-cased;</li>
 * <li>a quoted local part that needs no quotes ({@code "alice"}) is unquoted;</li>
 * <li>the domain becomes its lower-case A-label ({@code bücher.test} → {@code xn--bcher-kva.test}).</li>
 * </ul>
 */
public final class LoginName {

    private LoginName() {
    }

    /** The account key for a login or address; {@link IllegalArgumentException} if it is not an address. */
    public static String key(String login) {
        return address(login).key();
    }

    /** The normalised address (local part lower-cased, domain in A-label form). */
    public static MailAddress address(String login) {
        if (login == null) {
            throw new IllegalArgumentException("no address");
        }
        String folded = Normalizer.normalize(login.strip(), Normalizer.Form.NFKC);
        MailAddress parsed = MailAddress.parse(folded);
        String local = parsed.localPart().toLowerCase(Locale.ROOT);
        if (local.length() > 2 && local.startsWith("\"") && local.endsWith("\"")) {
            String inner = local.substring(1, local.length() - 1);
            if (isDotAtom(inner)) {
                local = inner;
            }
        }
        return new MailAddress(Normalizer.normalize(local, Normalizer.Form.NFC), parsed.domain());
    }

    private static boolean isDotAtom(String s) {
        if (s.isEmpty() || s.startsWith(".") || s.endsWith(".") || s.contains("..")) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean atext = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || "!#$%&'*+-/=?^_`{|}~.".indexOf(c) >= 0
                    || c > 127;
            if (!atext) {
                return false;
            }
        }
        return true;
    }
}
