package io.mailstream.mailbox.imap.process;

import io.mailstream.mailbox.imap.request.SimpleRequest;
import io.mailstream.store.StoredMessage;

import java.util.HashSet;
import java.util.Set;

/** EXPUNGE: removes the messages marked \Deleted and reports each as {@code * n EXPUNGE}. */
public final class ExpungeProcessor extends ImapProcessor<SimpleRequest> {

    public ExpungeProcessor() {
        super(SessionState.SELECTED);
    }

    @Override
    protected Completion process(SimpleRequest request, ImapContext ctx) {
        SelectedMailbox selected = ctx.selected();
        if (selected.readOnly()) {
            return Completion.no("READ-ONLY", "Mailbox is read-only");
        }
        selected.expunged(expungeDeleted(ctx, selected), ctx);
        return Completion.ok("EXPUNGE completed");
    }

    /**
     * Deletes the messages this session knows that are marked \Deleted now, judged by the store
     * rather than the session's view, which may lag another session's flag change.
     */
    static Set<Long> expungeDeleted(ImapContext ctx, SelectedMailbox selected) {
        Set<Long> known = new HashSet<>();
        selected.messages().forEach(m -> known.add(m.uid()));
        Set<Long> uids = new HashSet<>();
        for (StoredMessage m : ctx.access().withFlag(selected.mailbox(), Flags.DELETED)) {
            if (known.contains(m.uid())) {
                uids.add(m.uid());
            }
        }
        ctx.access().expunge(selected.mailbox(), uids);
        return uids;
    }
}
