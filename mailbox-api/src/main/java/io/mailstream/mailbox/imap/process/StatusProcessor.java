package io.mailstream.mailbox.imap.process;

import io.mailstream.mailbox.imap.encode.ResponseWriter;
import io.mailstream.mailbox.imap.request.StatusRequest;
import io.mailstream.store.Mailbox;
import io.mailstream.store.MessageStore;
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
        List<String> counted = items.stream().filter(i -> !i.startsWith("UID") && !i.equals("RECENT")
                && !i.equals("HIGHESTMODSEQ") && !i.equals("APPENDLIMIT")).toList();
        MessageStore.Counts counts = counted.isEmpty() ? null
                : counted.stream().allMatch("MESSAGES"::equals) ? messagesOnly(ctx, mailbox) : counts(ctx, mailbox);
        ResponseWriter w = new ResponseWriter().raw("* STATUS").string(ctx.wireName(mailbox.name())).open();
        for (String item : items) {
            long value = switch (item) {
                case "MESSAGES" -> counts.messages();
                case "RECENT" -> recent(ctx, mailbox);
                case "UIDNEXT" -> mailbox.uidNext();
                case "UIDVALIDITY" -> mailbox.uidValidity();
                case "UNSEEN" -> counts.without();
                case "DELETED" -> counts.with();
                case "SIZE" -> counts.bytes();
                case "HIGHESTMODSEQ" -> mailbox.highestModSeq();
                case "APPENDLIMIT" -> ctx.policy().appendLimit();
                default -> throw ImapException.bad("Unknown STATUS item " + item);
            };
            w.raw(item).number(value);
        }
        return w.close().crlf().toBytes();
    }

    /**
     * RECENT: in the selected mailbox, what is {@code \Recent} in this session when its view is
     * current; elsewhere the messages no session has claimed yet (STATUS claims nothing).
     */
    private static long recent(ImapContext ctx, Mailbox mailbox) {
        SelectedMailbox selected = ctx.selected();
        if (selected != null && selected.isCurrent(mailbox)) {
            return selected.recentCount();
        }
        return ctx.access().countUnclaimedRecent(mailbox);
    }

    /**
     * STATUS (MESSAGES), what clients poll every folder with: a count the store answers from its
     * index, instead of reading the flags and size of every message (the other counts are 0).
     */
    private static MessageStore.Counts messagesOnly(ImapContext ctx, Mailbox mailbox) {
        SelectedMailbox selected = ctx.selected();
        if (selected != null && selected.isCurrent(mailbox)) {
            return counts(ctx, mailbox);
        }
        return new MessageStore.Counts(ctx.access().count(mailbox), 0, 0, 0);
    }

    /**
     * Messages, unseen, deleted and octets: from the selected mailbox's view when it holds every
     * change up to the counters just read, else counted in the store (flags and sizes only).
     */
    private static MessageStore.Counts counts(ImapContext ctx, Mailbox mailbox) {
        SelectedMailbox selected = ctx.selected();
        if (selected == null || !selected.isCurrent(mailbox)) {
            return ctx.access().counts(mailbox, Flags.SEEN, Flags.DELETED);
        }
        long unseen = 0;
        long deleted = 0;
        long bytes = 0;
        for (StoredMessage m : selected.messages()) {
            unseen += m.flags().contains(Flags.SEEN) ? 0 : 1;
            deleted += m.flags().contains(Flags.DELETED) ? 1 : 0;
            bytes += m.size();
        }
        return new MessageStore.Counts(selected.exists(), unseen, deleted, bytes);
    }
}
