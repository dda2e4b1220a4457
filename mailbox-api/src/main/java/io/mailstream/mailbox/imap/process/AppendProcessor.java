package io.mailstream.mailbox.imap.process;

import io.mailstream.mailbox.imap.request.AppendRequest;
import io.mailstream.store.Mailbox;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * APPEND (with MULTIAPPEND): stores each message with its flags and internal date, and answers
 * with the new UIDs (UIDPLUS {@code APPENDUID}). A missing mailbox gets {@code [TRYCREATE]}, a
 * message over APPENDLIMIT {@code [TOOBIG]}; either way nothing is stored.
 */
public final class AppendProcessor extends ImapProcessor<AppendRequest> {

    public AppendProcessor() {
        super(SessionState.AUTHENTICATED, SessionState.SELECTED);
    }

    @Override
    protected Completion process(AppendRequest request, ImapContext ctx) {
        Mailbox mailbox = ctx.access().mailbox(ctx.user(), ctx.mailboxName(request.mailbox()))
                .orElseThrow(() -> ImapException.no("TRYCREATE", "No such mailbox"));
        for (AppendRequest.Message m : request.messages()) {
            if (m.content().length > ctx.policy().appendLimit()) {
                return Completion.no("TOOBIG", "Message too large");
            }
            if (m.content().length == 0) {
                return Completion.no("CANNOT", "Empty message");
            }
            Flags.storable(m.flags()); // a bad flag fails the whole command before anything is stored
        }
        QuotaProcessors.checkRoom(ctx, request.messages().stream().mapToLong(m -> m.content().length).sum(),
                request.messages().size());
        List<Long> uids = new ArrayList<>();
        for (AppendRequest.Message m : request.messages()) {
            Date date = m.internalDate() == null ? new Date() : Date.from(m.internalDate().toInstant());
            uids.add(ctx.access().append(mailbox, m.content(), Flags.storable(m.flags()), date).uid());
        }
        return Completion.ok("APPENDUID " + mailbox.uidValidity() + " " + UidSets.format(uids), "APPEND completed");
    }
}
