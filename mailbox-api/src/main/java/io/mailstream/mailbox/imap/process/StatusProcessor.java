package io.mailstream.mailbox.imap.process;

import io.mailstream.mailbox.imap.encode.ResponseWriter;
import io.mailstream.mailbox.imap.request.StatusRequest;
import io.mailstream.store.Mailbox;
import io.mailstream.store.StoredMessage;

import java.util.List;

/** STATUS mailbox (MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN). */
public final class StatusProcessor extends ImapProcessor<StatusRequest> {

    public StatusProcessor() {
        super(SessionState.AUTHENTICATED, SessionState.SELECTED);
    }

    @Override
    protected Completion process(StatusRequest request, ImapContext ctx) {
        Mailbox mailbox = ctx.access().mailbox(ctx.user(), request.mailbox())
                .orElseThrow(() -> ImapException.no("NONEXISTENT", "No such mailbox"));
        List<StoredMessage> messages = ctx.access().messages(mailbox);
        ResponseWriter w = new ResponseWriter().raw("* STATUS").string(mailbox.name()).open();
        for (String item : request.items()) {
            long value = switch (item) {
                case "MESSAGES" -> messages.size();
                case "RECENT" -> 0;
                case "UIDNEXT" -> mailbox.uidNext();
                case "UIDVALIDITY" -> mailbox.uidValidity();
                case "UNSEEN" -> messages.stream().filter(m -> !m.flags().contains(Flags.SEEN)).count();
                default -> throw ImapException.bad("Unknown STATUS item " + item);
            };
            w.raw(item).number(value);
        }
        ctx.write(w.close().crlf().toBytes());
        return Completion.ok("STATUS completed");
    }
}
