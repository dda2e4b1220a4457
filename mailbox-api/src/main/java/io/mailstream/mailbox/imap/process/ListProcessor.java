package io.mailstream.mailbox.imap.process;

import io.mailstream.mailbox.imap.encode.ResponseWriter;
import io.mailstream.mailbox.imap.request.ListRequest;
import io.mailstream.store.Mailbox;

import java.util.ArrayList;
import java.util.List;

/** LIST reference pattern over the user's own mailboxes, with CHILDREN and SPECIAL-USE attributes. */
public final class ListProcessor extends ImapProcessor<ListRequest> {

    public ListProcessor() {
        super(SessionState.AUTHENTICATED, SessionState.SELECTED);
    }

    @Override
    protected Completion process(ListRequest request, ImapContext ctx) {
        if (request.pattern().isEmpty()) {
            // The hierarchy delimiter and root (RFC 3501 6.3.8).
            ctx.untagged("LIST (\\Noselect) \"" + MailboxPattern.DELIMITER + "\" \"\"");
            return Completion.ok("LIST completed");
        }
        MailboxPattern pattern = new MailboxPattern(request.reference(), request.pattern());
        List<Mailbox> all = ctx.access().mailboxes(ctx.user());
        for (Mailbox m : all) {
            if (pattern.matches(m.name())) {
                ResponseWriter w = new ResponseWriter().raw("* LIST").atomList(attributes(m, all))
                        .raw("\"" + MailboxPattern.DELIMITER + "\"").string(m.name()).crlf();
                ctx.write(w.toBytes());
            }
        }
        return Completion.ok("LIST completed");
    }

    private static List<String> attributes(Mailbox m, List<Mailbox> all) {
        List<String> attrs = new ArrayList<>();
        String prefix = m.name() + MailboxPattern.DELIMITER;
        attrs.add(all.stream().anyMatch(o -> o.name().startsWith(prefix)) ? "\\HasChildren" : "\\HasNoChildren");
        if (m.specialUse() != null) {
            attrs.add(m.specialUse());
        }
        return attrs;
    }
}
