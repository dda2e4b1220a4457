package io.mailstream.mailbox.imap.process;

import io.mailstream.mailbox.imap.encode.ResponseWriter;
import io.mailstream.mailbox.imap.request.StatusRequest;
import io.mailstream.store.Mailbox;
import io.mailstream.store.StoredMessage;

import java.util.List;

/**
 * STATUS mailbox (MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN DELETED SIZE HIGHESTMODSEQ
 * APPENDLIMIT); also the STATUS lines of LIST-STATUS.
 */
public final class StatusProcessor extends ImapProcessor<StatusRequest> {

    public StatusProcessor() {
        super(SessionState.AUTHENTICATED, SessionState.SELECTED);
    }

    @Override
    protected Completion process(StatusRequest request, ImapContext ctx) {
        Mailbox mailbox = ctx.access().mailbox(ctx.user(), ctx.mailboxName(request.mailbox()))
                .orElseThrow(() -> ImapException.no("NONEXISTENT", "No such mailbox"));
        ctx.write(status(ctx, mailbox, request.items()));
        return Completion.ok("STATUS completed");
    }

    /** The {@code * STATUS} response line for a mailbox; unknown items are a BAD. */
    static byte[] status(ImapContext ctx, Mailbox mailbox, List<String> items) {
        List<StoredMessage> messages = items.stream().anyMatch(i -> !i.startsWith("UID") && !i.equals("RECENT")
                && !i.equals("HIGHESTMODSEQ") && !i.equals("APPENDLIMIT")) ? ctx.access().messages(mailbox) : List.of();
        ResponseWriter w = new ResponseWriter().raw("* STATUS").string(ctx.wireName(mailbox.name())).open();
        for (String item : items) {
            long value = switch (item) {
                case "MESSAGES" -> messages.size();
                case "RECENT" -> 0;
                case "UIDNEXT" -> mailbox.uidNext();
                case "UIDVALIDITY" -> mailbox.uidValidity();
                case "UNSEEN" -> messages.stream().filter(m -> !m.flags().contains(Flags.SEEN)).count();
                case "DELETED" -> messages.stream().filter(m -> m.flags().contains(Flags.DELETED)).count();
                case "SIZE" -> messages.stream().mapToLong(StoredMessage::size).sum();
                case "HIGHESTMODSEQ" -> mailbox.highestModSeq();
                case "APPENDLIMIT" -> ctx.policy().appendLimit();
                default -> throw ImapException.bad("Unknown STATUS item " + item);
            };
            w.raw(item).number(value);
        }
        return w.close().crlf().toBytes();
    }
}
