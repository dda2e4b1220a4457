package io.mailstream.mailbox.imap.process;

import io.mailstream.mailbox.imap.message.HeaderSection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * THREAD=REFERENCES (RFC 5256 section 3, after Jamie Zawinski's algorithm): messages are linked
 * through Message-ID, References and In-Reply-To; empty containers are pruned; threads whose root
 * subjects agree are merged; siblings are ordered by sent date. Every loop is bounded by the number
 * of messages, and parent links are only made when they create no cycle.
 */
final class ReferencesThreader {

    private static final Pattern MSG_ID = Pattern.compile("<[^<>\\s]+>");

    /** A node of the thread tree; {@code keys} is null for a message that is referenced but absent. */
    static final class Container {
        SortKeys keys;
        long id;
        Container parent;
        final List<Container> children = new ArrayList<>();

        Instant date() {
            if (keys != null) {
                return keys.sentDate();
            }
            return children.isEmpty() ? Instant.EPOCH : children.get(0).date();
        }

        boolean isAncestorOf(Container other) {
            for (Container c = other; c != null; c = c.parent) {
                if (c == this) {
                    return true;
                }
            }
            return false;
        }
    }

    private ReferencesThreader() {
    }

    /** The THREAD response body for messages (in sequence order) with the ids to print. */
    static String thread(List<SortKeys> messages, List<Long> ids) {
        Map<String, Container> byId = new HashMap<>();
        for (int i = 0; i < messages.size(); i++) {
            SortKeys keys = messages.get(i);
            HeaderSection h = keys.header();
            List<String> own = ids(h.first("Message-ID"));
            String messageId = own.isEmpty() ? null : own.get(0);
            Container c = messageId == null ? null : byId.get(messageId);
            if (c == null || c.keys != null) { // missing or duplicate Message-ID: a container of its own
                c = new Container();
                if (messageId != null && !byId.containsKey(messageId)) {
                    byId.put(messageId, c);
                }
            }
            c.keys = keys;
            c.id = ids.get(i);
            List<String> refs = ids(h.joined("References"));
            if (refs.isEmpty()) {
                List<String> inReplyTo = ids(h.first("In-Reply-To"));
                refs = inReplyTo.isEmpty() ? List.of() : List.of(inReplyTo.get(0));
            }
            Container previous = null;
            for (String ref : refs) {
                Container r = byId.computeIfAbsent(ref, k -> new Container());
                if (previous != null && r.parent == null && r != previous && !r.isAncestorOf(previous)) {
                    link(previous, r);
                }
                previous = r;
            }
            if (c.parent != null) {
                c.parent.children.remove(c);
                c.parent = null;
            }
            if (previous != null && previous != c && !c.isAncestorOf(previous)) {
                link(previous, c);
            }
        }
        List<Container> roots = new ArrayList<>();
        for (Container c : new java.util.LinkedHashSet<>(byId.values())) {
            if (c.parent == null) {
                roots.add(c);
            }
        }
        // Messages without a usable Message-ID are not in the table: they are roots of their own.
        for (int i = 0; i < messages.size(); i++) {
            final long id = ids.get(i);
            if (roots.stream().noneMatch(r -> contains(r, id))) {
                Container c = new Container();
                c.keys = messages.get(i);
                c.id = id;
                roots.add(c);
            }
        }
        roots = prune(roots, true);
        sort(roots); // so that grouping by subject keeps the earliest thread
        roots = groupBySubject(roots);
        sort(roots);
        StringBuilder out = new StringBuilder();
        for (Container root : roots) {
            out.append('(');
            write(root, out);
            out.append(')');
        }
        return out.toString();
    }

    private static boolean contains(Container c, long id) {
        if (c.keys != null && c.id == id) {
            return true;
        }
        for (Container child : c.children) {
            if (contains(child, id)) {
                return true;
            }
        }
        return false;
    }

    private static void link(Container parent, Container child) {
        child.parent = parent;
        parent.children.add(child);
    }

    /** Removes empty containers: childless ones go, the others hand their children up (RFC 5256 step 4). */
    private static List<Container> prune(List<Container> level, boolean root) {
        List<Container> out = new ArrayList<>();
        for (Container c : level) {
            List<Container> kids = prune(new ArrayList<>(c.children), false);
            c.children.clear();
            kids.forEach(k -> k.parent = c);
            c.children.addAll(kids);
            if (c.keys != null) {
                out.add(c);
            } else if (!c.children.isEmpty() && (!root || c.children.size() == 1)) {
                c.children.forEach(k -> k.parent = c.parent);
                out.addAll(c.children);
            } else if (!c.children.isEmpty()) {
                out.add(c); // an empty root with several children stays, as RFC 5256 says
            }
        }
        return out;
    }

    /** Merges root threads with the same base subject (RFC 5256 step 5, simplified as allowed). */
    private static List<Container> groupBySubject(List<Container> roots) {
        Map<String, Container> bySubject = new LinkedHashMap<>();
        List<Container> out = new ArrayList<>();
        for (Container root : roots) {
            Container probe = root.keys != null ? root : root.children.get(0);
            String subject = probe.keys.baseSubject();
            Container first = subject.isEmpty() ? null : bySubject.get(subject);
            if (first == null) {
                if (!subject.isEmpty()) {
                    bySubject.put(subject, root);
                }
                out.add(root);
            } else if (first.keys != null && isReply(root) && !isReply(first)) {
                link(first, root);
            } else if (root.keys != null && isReply(first) && !isReply(root)) {
                out.set(out.indexOf(first), root);
                bySubject.put(subject, root);
                link(root, first);
            } else {
                Container holder = new Container();
                out.set(out.indexOf(first), holder);
                bySubject.put(subject, holder);
                link(holder, first);
                link(holder, root);
            }
        }
        return out;
    }

    private static boolean isReply(Container c) {
        if (c.keys == null) {
            return false;
        }
        String subject = c.keys.header().first("Subject");
        return subject != null && subject.stripLeading().toLowerCase(java.util.Locale.ROOT).matches("^(re|fwd?)\\s*:.*");
    }

    private static void sort(List<Container> level) {
        level.sort(Comparator.comparing(Container::date).thenComparingLong(c -> c.id));
        level.forEach(c -> sort(c.children));
    }

    /** {@code 1 2 (3 4)(5)}: a single child follows its parent; several go in parentheses each. */
    private static void write(Container c, StringBuilder out) {
        if (c.keys != null) {
            out.append(c.id);
        }
        if (c.children.size() == 1) {
            if (c.keys != null) {
                out.append(' ');
            }
            write(c.children.get(0), out);
        } else if (!c.children.isEmpty()) {
            if (c.keys != null) {
                out.append(' ');
            }
            for (Container child : c.children) {
                out.append('(');
                write(child, out);
                out.append(')');
            }
        }
    }

    private static List<String> ids(String value) {
        List<String> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        Matcher m = MSG_ID.matcher(value);
        while (m.find() && out.size() < 1000) {
            out.add(m.group());
        }
        return out;
    }
}
