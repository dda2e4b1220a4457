package io.mailstream.mailbox.access;

import io.mailstream.store.Mailbox;
import io.mailstream.store.MessageStore;
import io.mailstream.store.StoredMessage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The message records of the mailboxes this instance opened lately, shared by every session that
 * opens one (IMAP SELECT and EXAMINE, a POP3 login). Without it each opening reads every record of
 * the mailbox from the store; with it, an opening reads only the records whose MODSEQ is above the
 * point the snapshot is known complete up to, and the expunges since then (two small indexed
 * queries), or nothing when the mailbox's counters show no change. Dovecot's index files play
 * this part for its processes.
 *
 * <p>A snapshot follows the rules of a session's view ({@link ChangeFrontier}): a change is in it
 * once its MODSEQ is at or below the frontier, so a write that took its number before another but
 * lands after it is still read. What an opening gets is therefore what a full read would have
 * returned at that moment. The records are immutable and shared; the lists handed out are too.
 *
 * <p>Bounded: at most {@code maxMessages} records over all snapshots (the least recently opened
 * mailboxes go first, a mailbox larger than that is read in full each time), and a snapshot not
 * opened for {@code idle} is dropped.
 */
public final class MailboxSnapshots {

    private final MessageStore store;
    private final int maxMessages;
    private final long idleNanos;
    private final LongSupplier nanoClock;
    /** In access order: the eldest entry was opened least recently. Guarded by {@code this}. */
    private final LinkedHashMap<String, Snapshot> byMailbox = new LinkedHashMap<>(16, 0.75f, true);
    /** Records held over all snapshots, as last accounted. Guarded by {@code this}. */
    private long held;

    public MailboxSnapshots(MessageStore store, int maxMessages, Duration idle, LongSupplier nanoClock) {
        this.store = store;
        this.maxMessages = maxMessages;
        this.idleNanos = idle.toNanos();
        this.nanoClock = nanoClock;
    }

    /** Snapshots of this many records in all; 0 turns them off (every opening reads in full). */
    public static MailboxSnapshots of(MessageStore store, int maxMessages) {
        return new MailboxSnapshots(store, maxMessages, Duration.ofMinutes(10), System::nanoTime);
    }

    /**
     * The records of {@code mailbox}, in ascending UID order, at least as current as its counters
     * read just before this call.
     */
    public List<StoredMessage> messages(Mailbox mailbox) {
        if (maxMessages <= 0) {
            return store.list(mailbox.id());
        }
        Snapshot s;
        synchronized (this) {
            s = byMailbox.computeIfAbsent(mailbox.id(), Snapshot::new);
            s.lastOpened = nanoClock.getAsLong();
        }
        List<StoredMessage> records;
        synchronized (s) {
            records = s.bringUpTo(mailbox);
        }
        synchronized (this) {
            if (byMailbox.get(mailbox.id()) == s) {
                held += records.size() - s.accounted;
                s.accounted = records.size();
                if (records.size() > maxMessages) {
                    drop(mailbox.id());
                }
            }
            evict();
        }
        return records;
    }

    /** How many records the snapshots hold now. */
    public synchronized long held() {
        return held;
    }

    /** Forgets the snapshot of a mailbox (it was deleted). */
    public synchronized void forget(String mailboxId) {
        drop(mailboxId);
    }

    private void drop(String mailboxId) {
        Snapshot gone = byMailbox.remove(mailboxId);
        if (gone != null) {
            held -= gone.accounted;
        }
    }

    /** Drops idle snapshots, then the least recently opened ones while over the bound. */
    private void evict() {
        long now = nanoClock.getAsLong();
        Iterator<Map.Entry<String, Snapshot>> eldestFirst = byMailbox.entrySet().iterator();
        while (eldestFirst.hasNext()) {
            Snapshot s = eldestFirst.next().getValue();
            if (held <= maxMessages && now - s.lastOpened < idleNanos) {
                break;
            }
            eldestFirst.remove();
            held -= s.accounted;
        }
    }

    /** One mailbox's records. Everything but the two counters kept for the map is guarded by itself. */
    private final class Snapshot {

        private final String mailboxId;
        private final ChangeFrontier frontier = new ChangeFrontier(nanoClock, 0);
        /** Immutable, ascending UIDs; null until first read. */
        private List<StoredMessage> records;
        /** Guarded by the enclosing {@link MailboxSnapshots}. */
        private long lastOpened;
        private int accounted;

        Snapshot(String mailboxId) {
            this.mailboxId = mailboxId;
        }

        List<StoredMessage> bringUpTo(Mailbox now) {
            frontier.observe(now.highestModSeq(), now.uidNext() - 1);
            if (records == null) {
                List<StoredMessage> all = store.list(mailboxId);
                Set<Long> listed = new HashSet<>();
                all.forEach(m -> listed.add(m.modSeq()));
                long floor = Math.max(1, now.highestModSeq() - ChangeFrontier.OPEN_WINDOW);
                frontier.complete(frontier.completeUpTo(floor, now.highestModSeq(), listed));
                records = List.copyOf(all);
                return records;
            }
            long from = frontier.complete();
            if (now.highestModSeq() <= from) {
                return records;
            }
            List<StoredMessage> changed = store.changedSince(mailboxId, from);
            List<MessageStore.Expunged> expunged = store.expungedSince(mailboxId, from);
            Set<Long> seen = new HashSet<>();
            List<StoredMessage> next = new ArrayList<>(records.size() + changed.size());
            next.addAll(records);
            for (StoredMessage m : changed) {
                seen.add(m.modSeq());
                int at = UidOrder.indexOf(next, m.uid());
                if (at >= 0) {
                    next.set(at, m);
                } else {
                    next.add(-at - 1, m);
                }
            }
            for (MessageStore.Expunged e : expunged) {
                seen.add(e.modSeq());
                int at = UidOrder.indexOf(next, e.uid());
                if (at >= 0) {
                    next.remove(at);
                }
            }
            records = List.copyOf(next);
            frontier.complete(frontier.completeUpTo(from, now.highestModSeq(), seen));
            return records;
        }
    }
}
