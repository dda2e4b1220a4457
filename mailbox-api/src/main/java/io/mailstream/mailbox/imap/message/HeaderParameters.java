package io.mailstream.mailbox.imap.message;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code value *(; name=value)} as in Content-Type and Content-Disposition. */
public final class HeaderParameters {

    private HeaderParameters() {
    }

    /** The leading value and the raw {@code name=value} pieces, split at unquoted semicolons. */
    public static List<String> split(String value) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        int comment = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quoted) {
                if (c == '\\' && i + 1 < value.length()) {
                    cur.append(value.charAt(++i));
                    continue;
                }
                if (c == '"') {
                    quoted = false;
                }
                cur.append(c);
            } else if (comment > 0) {
                comment += c == '(' ? 1 : c == ')' ? -1 : 0;
            } else if (c == '(') {
                comment++;
            } else if (c == '"') {
                quoted = true;
                cur.append(c);
            } else if (c == ';') {
                out.add(cur.toString().strip());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString().strip());
        return out;
    }

    /** The parameters of split pieces (all but the first), names lower-cased, quotes removed. */
    public static Map<String, String> of(List<String> pieces) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String p : pieces.subList(1, pieces.size())) {
            int eq = p.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String v = p.substring(eq + 1).strip();
            if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                v = v.substring(1, v.length() - 1);
            }
            params.putIfAbsent(p.substring(0, eq).strip().toLowerCase(Locale.ROOT), v);
        }
        return Collections.unmodifiableMap(params);
    }
}
