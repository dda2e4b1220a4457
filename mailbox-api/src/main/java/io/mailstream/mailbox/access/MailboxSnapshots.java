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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
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

    /** Expunges remembered per snapshot (for the refresh of sessions' views); the oldest half goes past it. */
    static final int MAX_EXPUNGE_LOG = 4096;

    private final MessageStore store;
    private final int maxMessages;
    private final long idleNanos;
    private final LongSupplier nanoClock;
    /** In access order: the eldest entry was opened least recently. Guarded by {@code this}. */
    private final LinkedHashMap<String, Snapshot> byMailbox = new LinkedHashMap<>(16, 0.75f, true);
    /** Records held over all snapshots, as last accounted. Guarded by {@code this}. */
    private long held;
    private final AtomicLong tickets = new AtomicLong();
    /** How openings and refreshes were served: the whole mailbox read, what changed read, nothing read. */
    private final AtomicLong fullReads = new AtomicLong();
    private final AtomicLong changeReads = new AtomicLong();
    private final AtomicLong noReads = new AtomicLong();

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

    /** What changed in a mailbox above a MODSEQ; {@code expunged} is null when the snapshot cannot tell. */
    public record Changes(List<StoredMessage> changed, List<MessageStore.Expunged> expunged) {
    }

    /**
     * A ticket, to take just after reading a mailbox's counters. A snapshot whose last read began
     * after the ticket was taken, so after the counters were read, holds every change they announce
     * that had landed by then, and answers at once: sessions that refresh together share one read
     * of the store instead of queueing for one each. (Taken before the counters, a ticket would not
     * say which came first: the read, or the counters.)
     */
    public long ticket() {
        return tickets.incrementAndGet();
    }

    /**
     * The records of {@code mailbox}, in ascending UID order, at least as current as its counters,
     * read before {@code ticket} was taken ({@link Long#MAX_VALUE} when it is not known when).
     */
    public List<StoredMessage> messages(Mailbox mailbox, long ticket) {
        if (maxMessages <= 0) {
            fullReads.incrementAndGet();
            return store.list(mailbox.id());
        }
        Snapshot s;
        synchronized (this) {
            s = byMailbox.computeIfAbsent(mailbox.id(), Snapshot::new);
            s.lastOpened = nanoClock.getAsLong();
        }
        List<StoredMessage> records;
        synchronized (s) {
            records = s.bringUpTo(mailbox, ticket);
        }
        account(s, records.size());
        return records;
    }

    /**
     * For a session's view of a mailbox: the records whose MODSEQ is above {@code modSeq} and the
     * expunges above it, at least as current as {@code now}, the counters read before {@code ticket}, as the
     * store's {@code changedSince} and {@code expungedSince} would answer. Empty when the instance
     * holds no snapshot of the mailbox (the caller then asks the store: opening one for a refresh
     * would read the whole mailbox).
     */
    public Optional<Changes> changesSince(Mailbox now, long ticket, long modSeq) {
        Snapshot s;
        synchronized (this) {
            s = maxMessages <= 0 ? null : byMailbox.get(now.id());
        }
        if (s == null) {
            return Optional.empty();
        }
        List<StoredMessage> changed = new ArrayList<>();
        List<MessageStore.Expunged> expunged;
        int size;
        synchronized (s) {
            if (s.records == null) {
                return Optional.empty();
            }
            List<StoredMessage> records = s.bringUpTo(now, ticket);
            size = records.size();
            for (StoredMessage m : records) {
                if (m.modSeq() > modSeq) {
                    changed.add(m);
                }
            }
            expunged = s.expungedSince(modSeq);
        }
        account(s, size);
        return Optional.of(new Changes(changed, expunged));
    }

    /** Notes a snapshot's new size, and drops what the bounds no longer allow. */
    private synchronized void account(Snapshot s, int size) {
        if (byMailbox.get(s.mailboxId) == s) {
            held += size - s.accounted;
            s.accounted = size;
            if (size > maxMessages) {
                drop(s.mailboxId);
            }
        }
        evict();
    }

    /** Openings and refreshes served so far by a read of the whole mailbox ({@code full}), of what
     * changed ({@code changes}), or without reading the store ({@code none}). */
    public long served(String read) {
        return switch (read) {
            case "full" -> fullReads.get();
            case "changes" -> changeReads.get();
            case "none" -> noReads.get();
            default -> throw new IllegalArgumentException(read);
        };
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
        /** The expunges read since the first read, ascending MODSEQ: every one above {@link #base}. */
        private final List<MessageStore.Expunged> expungeLog = new ArrayList<>();
        private final Set<Long> loggedUids = new HashSet<>();
        private long base;
        /** The ticket taken before the store was last read for this snapshot. */
        private long readTicket;
        /** Guarded by the enclosing {@link MailboxSnapshots}. */
        private long lastOpened;
        private int accounted;

        Snapshot(String mailboxId) {
            this.mailboxId = mailboxId;
        }

        List<StoredMessage> bringUpTo(Mailbox now, long ticket) {
            frontier.observe(now.highestModSeq(), now.uidNext() - 1);
            if (records != null && readTicket > ticket) {
                noReads.incrementAndGet();
                return records; // read after the caller's counters were: nothing they announce is missing
            }
            long started = ticket();
            if (records == null) {
                fullReads.incrementAndGet();
                readTicket = started;
                List<StoredMessage> all = store.list(mailboxId);
                Set<Long> listed = new HashSet<>();
                all.forEach(m -> listed.add(m.modSeq()));
                long floor = Math.max(1, now.highestModSeq() - ChangeFrontier.OPEN_WINDOW);
                frontier.complete(frontier.completeUpTo(floor, now.highestModSeq(), listed));
                base = frontier.complete();
                records = List.copyOf(all);
                return records;
            }
            long from = frontier.complete();
            if (now.highestModSeq() <= from) {
                noReads.incrementAndGet();
                return records;
            }
            changeReads.incrementAndGet();
            readTicket = started;
            // Versions first: under steady flag changes the frontier lags (an overwritten MODSEQ is
            // only given up after the grace), so most records above it are held already.
            List<MessageStore.Version> versions = store.versionsSince(mailboxId, from);
            Set<Long> seen = new HashSet<>();
            List<Long> stale = new ArrayList<>();
            for (MessageStore.Version v : versions) {
                seen.add(v.modSeq());
                int at = UidOrder.indexOf(records, v.uid());
                if (at < 0 || records.get(at).modSeq() != v.modSeq()) {
                    stale.add(v.uid());
                }
            }
            List<StoredMessage> fresh = stale.isEmpty() ? List.of() : store.byUids(mailboxId, stale);
            List<MessageStore.Expunged> expunged = store.expungedSince(mailboxId, from);
            List<StoredMessage> next = new ArrayList<>(records.size() + fresh.size());
            next.addAll(records);
            for (StoredMessage m : fresh) {
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
                log(e);
            }
            records = List.copyOf(next);
            frontier.complete(frontier.completeUpTo(from, now.highestModSeq(), seen));
            return records;
        }

        /** The logged expunges above {@code modSeq}, or null when the log does not reach back that far. */
        List<MessageStore.Expunged> expungedSince(long modSeq) {
            if (modSeq < base) {
                return null;
            }
            List<MessageStore.Expunged> out = new ArrayList<>();
            for (MessageStore.Expunged e : expungeLog) {
                if (e.modSeq() > modSeq) {
                    out.add(e);
                }
            }
            return out;
        }

        /** Adds an expunge read again or for the first time; past the bound the oldest half goes. */
        private void log(MessageStore.Expunged e) {
            if (!loggedUids.add(e.uid())) {
                return;
            }
            int at = expungeLog.size();
            while (at > 0 && expungeLog.get(at - 1).modSeq() > e.modSeq()) {
                at--;
            }
            expungeLog.add(at, e);
            if (expungeLog.size() > MAX_EXPUNGE_LOG) {
                List<MessageStore.Expunged> older = expungeLog.subList(0, MAX_EXPUNGE_LOG / 2);
                base = Math.max(base, older.get(older.size() - 1).modSeq());
                older.forEach(gone -> loggedUids.remove(gone.uid()));
                older.clear();
            }
        }
    }
}
