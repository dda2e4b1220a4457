package io.mailstream.mailbox.imap.process;

import io.mailstream.mailbox.imap.request.CopyRequest;
import io.mailstream.store.Mailbox;
import io.mailstream.store.StoredMessage;

import java.util.HashSet;
import java.util.List;

/**
 * COPY and MOVE (RFC 6851), by sequence number or UID, answering with UIDPLUS {@code COPYUID}.
 * MOVE copies, then expunges the originals and reports them as {@code * n EXPUNGE}; the COPYUID
 * goes in an untagged OK before them.
 */
public final class CopyProcessor extends ImapProcessor<CopyRequest> {

    public CopyProcessor() {
        super(SessionState.SELECTED);
    }

    @Override
    protected Completion process(CopyRequest request, ImapContext ctx) {
        SelectedMailbox selected = ctx.selected();
        if (request.move() && selected.readOnly()) {
            return Completion.no("READ-ONLY", "Mailbox is read-only");
        }
        List<StoredMessage> messages = selected.resolve(request.set(), request.uid()).stream().map(selected::get)
                .toList();
        Mailbox target = ctx.access().mailbox(ctx.user(), ctx.mailboxName(request.mailbox()))
                .orElseThrow(() -> ImapException.no("TRYCREATE", "No such mailbox"));
        if (messages.isEmpty()) {
            return Completion.ok(request.command() + " completed (no messages)");
        }
        if (!request.move()) {
            QuotaProcessors.checkRoom(ctx, messages.stream().mapToLong(StoredMessage::size).sum(), messages.size());
        }
        List<Long> sourceUids = messages.stream().map(StoredMessage::uid).toList();
        List<Long> targetUids = ctx.access().copy(messages, target);
        String copyUid = "COPYUID " + target.uidValidity() + " " + UidSets.format(sourceUids) + " "
                + UidSets.format(targetUids);
        if (!request.move()) {
            return Completion.ok(copyUid, "COPY completed");
        }
        ctx.untagged("OK [" + copyUid + "] Moved");
        ctx.access().expunge(selected.mailbox(), sourceUids);
        selected.expunged(new HashSet<>(sourceUids), ctx);
        return Completion.ok(request.command() + " completed");
    }
}
