package io.mailstream.mailbox.imap.process;

import io.mailstream.mailbox.access.MailboxNames;
import io.mailstream.mailbox.imap.encode.ResponseWriter;
import io.mailstream.mailbox.imap.request.ListRequest;
import io.mailstream.store.Mailbox;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * LIST (RFC 3501, with LIST-EXTENDED 5258, SPECIAL-USE 6154, LIST-STATUS 5819, CHILDREN 3348)
 * and LSUB, over the user's own mailboxes. Levels that do not exist but have mailboxes below
 * them are listed as {@code \Noselect} ({@code \NonExistent} in extended replies).
 */
public final class ListProcessor extends ImapProcessor<ListRequest> {

    public ListProcessor() {
        super(SessionState.AUTHENTICATED, SessionState.SELECTED);
    }

    @Override
    protected Completion process(ListRequest request, ImapContext ctx) {
        if (request.command().equals("LIST") && request.patterns().size() == 1 && request.patterns().get(0).isEmpty()
                && !request.extended()) {
            // The hierarchy delimiter and root (RFC 3501 6.3.8).
            ctx.untagged("LIST (\\Noselect) \"" + MailboxNames.DELIMITER + "\" \"\"");
            return Completion.ok("LIST completed");
        }
        List<MailboxPattern> patterns = new ArrayList<>();
        for (String p : request.patterns()) {
            try {
                patterns.add(new MailboxPattern(ctx.decodeName(request.reference()), ctx.decodeName(p)));
            } catch (IllegalArgumentException e) {
                return Completion.bad("Invalid mailbox pattern encoding");
            }
        }
        Map<String, Mailbox> existing = new TreeMap<>();
        ctx.access().mailboxes(ctx.user()).forEach(m -> existing.put(m.name(), m));
        Set<String> subscribed = new HashSet<>(ctx.access().subscriptions(ctx.user()));
        boolean lsub = request.command().equals("LSUB");
        boolean onlySubscribed = lsub || request.selection().contains("SUBSCRIBED");
        boolean showSubscribed = request.returns().contains("SUBSCRIBED") || request.selection().contains("SUBSCRIBED");
        boolean onlySpecialUse = request.selection().contains("SPECIAL-USE");
        boolean recursive = request.selection().contains("RECURSIVEMATCH");

        Set<String> names = new java.util.TreeSet<>(existing.keySet());
        existing.keySet().forEach(n -> names.addAll(MailboxNames.parents(n)));
        if (onlySubscribed) {
            names.addAll(subscribed);
        }
        for (String name : names) {
            if (patterns.stream().noneMatch(p -> p.matches(name))) {
                continue;
            }
            Mailbox m = existing.get(name);
            boolean childSubscribed = recursive && subscribed.stream()
                    .anyMatch(s -> s.startsWith(name + MailboxNames.DELIMITER));
            if (onlySubscribed && !subscribed.contains(name) && !childSubscribed) {
                continue;
            }
            if (onlySpecialUse && (m == null || m.specialUse() == null)) {
                continue;
            }
            List<String> attrs = attributes(name, m, names, request.extended(), lsub);
            if (showSubscribed && subscribed.contains(name)) {
                attrs.add("\\Subscribed");
            }
            ResponseWriter w = new ResponseWriter().raw("* " + request.command()).atomList(attrs)
                    .raw("\"" + MailboxNames.DELIMITER + "\"").string(ctx.wireName(name));
            if (childSubscribed && !subscribed.contains(name)) {
                w.raw("((\"CHILDINFO\" (\"SUBSCRIBED\")))");
            }
            ctx.write(w.crlf().toBytes());
            if (request.returns().contains("STATUS") && m != null) {
                ctx.write(StatusProcessor.status(ctx, m, request.statusItems()));
            }
        }
        return Completion.ok(request.command() + " completed");
    }

    private static List<String> attributes(String name, Mailbox m, Set<String> names, boolean extended,
            boolean lsub) {
        List<String> attrs = new ArrayList<>();
        if (m == null) {
            attrs.add(extended ? "\\NonExistent" : "\\Noselect");
        }
        if (!lsub) {
            String prefix = name + MailboxNames.DELIMITER;
            boolean children = names.stream().anyMatch(o -> o.startsWith(prefix));
            attrs.add(children ? "\\HasChildren" : "\\HasNoChildren");
        }
        if (!lsub && m != null && m.specialUse() != null) {
            attrs.add(m.specialUse());
        }
        return attrs;
    }
}
