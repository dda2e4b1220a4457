package io.mailstream.mailbox.imap.process;

import io.mailstream.mailbox.access.MailboxAccess;
import io.mailstream.mailbox.imap.request.SequenceSet;
import io.mailstream.store.Mailbox;
import io.mailstream.store.StoredMessage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The session's view of the selected mailbox: the messages it has announced, in UID order, so that
 * message sequence number n is index n-1. The view changes only when the session tells the
 * client: new messages as {@code * n EXISTS}, expunges as {@code * n EXPUNGE} (only where the
 * protocol allows), flag changes made elsewhere as {@code * n FETCH (FLAGS ...)}.
 */
public final class SelectedMailbox {

    private Mailbox mailbox;
    private final boolean readOnly;
    private final List<StoredMessage> messages;
    /** Counters of the mailbox when the view last matched the store completely; -1 if it did not. */
    private long syncedModSeq = -1;
    private long syncedUidNext = -1;

    private SelectedMailbox(Mailbox mailbox, boolean readOnly, List<StoredMessage> messages) {
        this.mailbox = mailbox;
        this.readOnly = readOnly;
        this.messages = new ArrayList<>(messages);
    }

    public static SelectedMailbox open(MailboxAccess access, Mailbox mailbox, boolean readOnly) {
        SelectedMailbox s = new SelectedMailbox(mailbox, readOnly, access.messages(mailbox));
        s.markSynced(mailbox, s.messages);
        return s;
    }

    public Mailbox mailbox() {
        return mailbox;
    }

    public boolean readOnly() {
        return readOnly;
    }

    public int exists() {
        return messages.size();
    }

    public List<StoredMessage> messages() {
        return List.copyOf(messages);
    }

    /** The message with sequence number {@code seq} (1-based). */
    public StoredMessage get(int seq) {
        return messages.get(seq - 1);
    }

    /**
     * Records this session's own flag change. When it took the MODSEQ right after the last
     * complete sync, the view still matches the store, and the next refresh need not re-read.
     */
    public void replace(int seq, StoredMessage updated) {
        messages.set(seq - 1, updated);
        if (syncedModSeq >= 0 && updated.modSeq() == syncedModSeq + 1) {
            syncedModSeq = updated.modSeq();
        }
    }

    /** The UID the next message will get, as far as this view knows. */
    public long uidNext() {
        long last = messages.isEmpty() ? 0 : messages.get(messages.size() - 1).uid();
        return Math.max(mailbox.uidNext(), last + 1);
    }

    /**
     * The sequence numbers a set names, ascending. A sequence number beyond the mailbox is an
     * error; UIDs that do not exist are simply not matched (RFC 3501 6.4.8). {@code *} is the
     * last message; for UIDs, {@code n:*} always includes the last message.
     */
    public List<Integer> resolve(SequenceSet set, boolean uid) {
        List<Integer> out = new ArrayList<>();
        if (uid) {
            long star = messages.isEmpty() ? 0 : messages.get(messages.size() - 1).uid();
            for (int i = 0; i < messages.size(); i++) {
                if (set.contains(messages.get(i).uid(), star)) {
                    out.add(i + 1);
                }
            }
            return out;
        }
        if (messages.isEmpty() && set.hasStar()) {
            return out; // "1:*" in an empty mailbox names nothing, which is no error
        }
        if (set.largestExplicit() > messages.size()) {
            throw ImapException.bad("Invalid message sequence number");
        }
        for (int seq = 1; seq <= messages.size(); seq++) {
            if (set.contains(seq, messages.size())) {
                out.add(seq);
            }
        }
        return out;
    }

    /** Drops expunged messages from the view, announcing each (highest first, so numbers stay valid). */
    public void expunged(Set<Long> uids, ImapContext ctx) {
        boolean vanished = ctx.enabled("QRESYNC"); // RFC 7162 3.2.10: VANISHED replaces EXPUNGE
        List<Long> gone = new ArrayList<>();
        for (int seq = messages.size(); seq >= 1; seq--) {
            if (uids.contains(messages.get(seq - 1).uid())) {
                gone.add(0, messages.remove(seq - 1).uid());
                if (!vanished) {
                    ctx.untagged(seq + " EXPUNGE");
                }
            }
        }
        if (vanished && !gone.isEmpty()) {
            ctx.untagged("VANISHED " + UidSets.format(gone));
        }
    }

    /**
     * Brings the view up to date with the store and tells the client. When expunges may not be
     * announced now, the view is left as it is, so they are reported later together with the rest.
     * The message list is read only when the mailbox's counters moved since the last complete sync.
     */
    public void refresh(MailboxAccess access, ImapContext ctx, boolean allowExpunge) {
        Mailbox now = access.reload(mailbox).orElse(null);
        if (now == null || (now.highestModSeq() == syncedModSeq && now.uidNext() == syncedUidNext)) {
            return;
        }
        List<StoredMessage> current = access.messages(now);
        Map<Long, StoredMessage> byUid = new HashMap<>();
        current.forEach(m -> byUid.put(m.uid(), m));
        Set<Long> gone = new HashSet<>();
        messages.forEach(m -> {
            if (!byUid.containsKey(m.uid())) {
                gone.add(m.uid());
            }
        });
        if (!gone.isEmpty() && !allowExpunge) {
            return;
        }
        expunged(gone, ctx);
        for (int seq = 1; seq <= messages.size(); seq++) {
            StoredMessage known = messages.get(seq - 1);
            StoredMessage fresh = byUid.get(known.uid());
            if (!fresh.flags().equals(known.flags())) {
                messages.set(seq - 1, fresh);
                ctx.untagged(seq + " FETCH (UID " + fresh.uid() + " FLAGS " + Flags.format(fresh.flags())
                        + (ctx.enabled("CONDSTORE") ? " MODSEQ (" + fresh.modSeq() + ")" : "") + ")");
            }
        }
        // Only UIDs above the last announced one may join: sequence numbers must keep UID order.
        long last = messages.isEmpty() ? 0 : messages.get(messages.size() - 1).uid();
        int before = messages.size();
        current.stream().filter(m -> m.uid() > last).forEach(messages::add);
        if (messages.size() != before) {
            ctx.untagged(messages.size() + " EXISTS");
        }
        mailbox = now;
        markSynced(now, current);
    }

    /**
     * Remembers the counters only when the listing is complete: a UID or MODSEQ handed out whose
     * message or flag write has not landed yet means the next refresh must read again.
     */
    private void markSynced(Mailbox m, List<StoredMessage> listed) {
        long maxUid = 0;
        long maxModSeq = 0;
        for (StoredMessage s : listed) {
            maxUid = Math.max(maxUid, s.uid());
            maxModSeq = Math.max(maxModSeq, s.modSeq());
        }
        boolean complete = maxUid == m.uidNext() - 1
                && (maxModSeq == m.highestModSeq() || (listed.isEmpty() && m.uidNext() == 1));
        syncedModSeq = complete ? m.highestModSeq() : -1;
        syncedUidNext = complete ? m.uidNext() : -1;
    }
}
