package io.mailstream.mailbox.imap.process;

import io.mailstream.mailbox.access.MailboxNames;
import io.mailstream.mailbox.imap.encode.ResponseWriter;
import io.mailstream.mailbox.imap.request.SelectRequest;
import io.mailstream.store.Mailbox;
import io.mailstream.store.StoredMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * SELECT and EXAMINE: open a mailbox read-write or read-only and describe it, with HIGHESTMODSEQ
 * (CONDSTORE) and, given QRESYNC parameters, what changed since the client last looked.
 */
public final class SelectProcessor extends ImapProcessor<SelectRequest> {

    public SelectProcessor() {
        super(SessionState.AUTHENTICATED, SessionState.SELECTED);
    }

    @Override
    protected Completion process(SelectRequest request, ImapContext ctx) {
        if (request.qresync() != null && !ctx.enabled("QRESYNC")) {
            return Completion.bad("QRESYNC needs ENABLE QRESYNC first");
        }
        // A failed SELECT leaves no mailbox selected (RFC 3501 6.3.1).
        boolean wasSelected = ctx.state() == SessionState.SELECTED;
        ctx.deselect();
        if (wasSelected && (ctx.enabled("CONDSTORE") || ctx.enabled(ImapContext.IMAP4REV2))) {
            ctx.untagged("OK [CLOSED] Previous mailbox closed");
        }
        if (request.condstore()) {
            ctx.enable("CONDSTORE");
        }
        Mailbox mailbox = ctx.access().mailbox(ctx.user(), ctx.mailboxName(request.mailbox()))
                .orElseThrow(() -> ImapException.no("NONEXISTENT", "No such mailbox"));
        long ticket = ctx.access().ticket();
        SelectedMailbox selected = SelectedMailbox.open(ctx.access(), mailbox, ticket, request.readOnly());
        if (ctx.enabled(ImapContext.IMAP4REV2)) {
            selected.hideRecent();
        }
        List<String> flags = new ArrayList<>(Flags.SYSTEM);
        TreeSet<String> keywords = new TreeSet<>();
        int firstUnseen = 0;
        for (int seq = 1; seq <= selected.exists(); seq++) {
            StoredMessage m = selected.get(seq);
            for (String f : m.flags()) {
                if (!f.startsWith("\\")) {
                    keywords.add(f);
                }
            }
            if (firstUnseen == 0 && !m.flags().contains(Flags.SEEN)) {
                firstUnseen = seq;
            }
        }
        flags.addAll(keywords);
        // IMAP4rev2 (RFC 9051 6.3.2) drops RECENT and UNSEEN and names the mailbox in a LIST response.
        boolean rev2 = ctx.enabled(ImapContext.IMAP4REV2);
        ctx.untagged("FLAGS (" + String.join(" ", flags) + ")");
        ctx.untagged(selected.exists() + " EXISTS");
        if (rev2) {
            ctx.write(new ResponseWriter().raw("* LIST").atomList(mailbox.specialUse() == null ? List.of()
                    : List.of(mailbox.specialUse())).raw("\"" + MailboxNames.DELIMITER + "\"")
                    .string(ctx.wireName(mailbox.name())).crlf().toBytes());
        } else {
            ctx.untagged(selected.recentCount() + " RECENT");
            if (firstUnseen > 0) {
                ctx.untagged("OK [UNSEEN " + firstUnseen + "] First unseen");
            }
        }
        ctx.untagged("OK [UIDVALIDITY " + mailbox.uidValidity() + "] UIDs valid");
        ctx.untagged("OK [UIDNEXT " + selected.uidNext() + "] Predicted next UID");
        ctx.untagged("OK [HIGHESTMODSEQ " + mailbox.highestModSeq() + "] Highest");
        String permanent = request.readOnly() ? "" : String.join(" ", flags) + " \\*";
        ctx.untagged("OK [PERMANENTFLAGS (" + permanent + ")] " + (request.readOnly() ? "Read-only mailbox"
                : "Flags permitted"));
        ctx.select(selected);
        if (request.qresync() != null) {
            Qresync.resync(ctx, selected, request.qresync());
        }
        return Completion.ok(request.readOnly() ? "READ-ONLY" : "READ-WRITE", request.command() + " completed");
    }
}
