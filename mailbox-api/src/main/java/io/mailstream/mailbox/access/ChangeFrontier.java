package io.mailstream.mailbox.access;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * How far a view of a mailbox (an IMAP session's, or the instance's shared {@link MailboxSnapshots})
 * is known to be complete. UIDs and MODSEQs are handed out by one atomic update of the mailbox
 * record and written to the message records just after, so a reader can meet a number that was
 * handed out but whose write has not landed yet. The view is complete up to {@link #complete()}:
 * every change with a MODSEQ at or below it is in the view, so the next refresh need only read
 * what changed above it. Not thread-safe: its owner guards it.
 *
 * <p>A MODSEQ that no record shows may also be one that never will: a flag change overwritten by a
 * later one, a write that failed, a delivery that lost a race. So a number stays "possibly still
 * landing" only for {@link #GRACE} after the session first saw the counters cover it; writes land
 * within milliseconds of taking their number, and past that the number is given up.
 */
public final class ChangeFrontier {

    public static final Duration GRACE = Duration.ofSeconds(10);
    /**
     * After a full read, how many of the latest MODSEQs are checked for a write that may still be
     * landing. Older numbers are taken as landed: a write lands within milliseconds of taking its
     * number, and no more than this many changes are made in that time.
     */
    public static final int OPEN_WINDOW = 64;
    /** Counter readings kept while they are younger than {@link #GRACE}; more are merged. */
    private static final int MAX_READINGS = 64;

    private record Reading(long at, long highestModSeq, long lastUid) {
    }

    private final LongSupplier nanoClock;
    private final ArrayDeque<Reading> readings = new ArrayDeque<>();
    private long complete;
    private long settledModSeq;
    private long settledUid;

    public ChangeFrontier(LongSupplier nanoClock, long complete) {
        this.nanoClock = nanoClock;
        this.complete = complete;
    }

    /** Every change with a MODSEQ at or below this is in the view. */
    public long complete() {
        return complete;
    }

    public void complete(long modSeq) {
        complete = Math.max(complete, modSeq);
    }

    /**
     * Notes the mailbox's counters as just read: numbers up to them were handed out by now. A
     * reading at least {@link #GRACE} old settles every number it covered.
     */
    public void observe(long highestModSeq, long lastUid) {
        long now = nanoClock.getAsLong();
        while (!readings.isEmpty() && now - readings.peekFirst().at() >= GRACE.toNanos()) {
            Reading r = readings.pollFirst();
            settledModSeq = Math.max(settledModSeq, r.highestModSeq());
            settledUid = Math.max(settledUid, r.lastUid());
        }
        Reading last = readings.peekLast();
        if (last != null && highestModSeq <= last.highestModSeq() && lastUid <= last.lastUid()) {
            return;
        }
        if (readings.size() >= MAX_READINGS) {
            readings.pollLast(); // merged into the newer reading: its numbers only wait longer
        }
        readings.addLast(new Reading(now, highestModSeq, lastUid));
    }

    /** A UID handed out long enough ago that, if no record has it, none ever will. */
    public boolean uidSettled(long uid) {
        return uid <= settledUid;
    }

    /**
     * The highest MODSEQ up to {@code highestModSeq} such that every number from {@code from + 1}
     * to it is either {@code accounted} for by a record read now or settled.
     */
    public long completeUpTo(long from, long highestModSeq, Set<Long> accounted) {
        long v = from;
        while (v < highestModSeq) {
            if (v + 1 <= settledModSeq) {
                v = Math.min(highestModSeq, settledModSeq);
            } else if (accounted.contains(v + 1)) {
                v++;
            } else {
                break;
            }
        }
        return v;
    }
}
