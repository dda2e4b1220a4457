package io.mailstream.mailbox.imap.process;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** System flags and keywords: canonical spelling, validation, and the response form. */
public final class Flags {

    public static final String SEEN = "\\Seen";
    public static final String DELETED = "\\Deleted";
    public static final List<String> SYSTEM = List.of("\\Answered", "\\Flagged", DELETED, SEEN, "\\Draft");
    private static final int MAX_KEYWORD = 100;

    private static final Map<String, String> CANONICAL = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    static {
        SYSTEM.forEach(f -> CANONICAL.put(f, f));
    }

    private Flags() {
    }

    /**
     * The flags a STORE may set, in canonical spelling. \Recent is dropped (only the server sets
     * it); other backslash names are not flags.
     */
    public static Set<String> storable(Collection<String> requested) {
        Set<String> out = new LinkedHashSet<>();
        for (String f : requested) {
            if (f.startsWith("\\")) {
                String canonical = CANONICAL.get(f);
                if (canonical != null) {
                    out.add(canonical);
                } else if (!f.equalsIgnoreCase("\\Recent")) {
                    throw ImapException.bad("Invalid system flag " + f);
                }
            } else if (f.length() > MAX_KEYWORD) {
                throw ImapException.bad("Keyword too long");
            } else {
                out.add(f);
            }
        }
        return out;
    }

    /** Whether {@code flags} holds {@code flag}, system flags and keywords compared without case. */
    public static boolean has(Collection<String> flags, String flag) {
        for (String f : flags) {
            if (f.equalsIgnoreCase(flag)) {
                return true;
            }
        }
        return false;
    }

    public static final String RECENT = "\\Recent";

    /** {@code (\Seen \Flagged)}: system flags first in a stable order, then keywords. */
    public static String format(Collection<String> flags) {
        return format(flags, false);
    }

    /** As {@link #format(Collection)}, with {@code \Recent} after the stored system flags when {@code recent}. */
    public static String format(Collection<String> flags, boolean recent) {
        StringBuilder sb = new StringBuilder("(");
        for (String f : SYSTEM) {
            if (flags.contains(f)) {
                append(sb, f);
            }
        }
        if (recent) {
            append(sb, RECENT);
        }
        List<String> keywords = null; // most messages have none: no stream, no list
        for (String f : flags) {
            if (!f.startsWith("\\")) {
                if (keywords == null) {
                    keywords = new ArrayList<>(2);
                }
                keywords.add(f);
            }
        }
        if (keywords != null) {
            Collections.sort(keywords);
            keywords.forEach(f -> append(sb, f));
        }
        return sb.append(')').toString();
    }

    private static void append(StringBuilder sb, String f) {
        if (sb.length() > 1) {
            sb.append(' ');
        }
        sb.append(f);
    }
}
