package io.mailstream.mailbox.imap.process;

import io.mailstream.mailbox.imap.request.UidExpungeRequest;
import io.mailstream.store.StoredMessage;

import java.util.HashSet;
import java.util.Set;

/** UID EXPUNGE (RFC 4315): expunges the \Deleted messages among the given UIDs only. */
public final class UidExpungeProcessor extends ImapProcessor<UidExpungeRequest> {

    public UidExpungeProcessor() {
        super(SessionState.SELECTED);
    }

    @Override
    protected Completion process(UidExpungeRequest request, ImapContext ctx) {
        SelectedMailbox selected = ctx.selected();
        if (selected.readOnly()) {
            return Completion.no("READ-ONLY", "Mailbox is read-only");
        }
        Set<Long> wanted = new HashSet<>();
        selected.resolve(request.set(), true).forEach(seq -> wanted.add(selected.get(seq).uid()));
        Set<Long> uids = new HashSet<>();
        for (StoredMessage m : ctx.access().withFlag(selected.mailbox(), Flags.DELETED)) {
            if (wanted.contains(m.uid())) {
                uids.add(m.uid());
            }
        }
        ctx.access().expunge(selected.mailbox(), uids);
        selected.expunged(uids, ctx);
        return Completion.ok("UID EXPUNGE completed");
    }
}
