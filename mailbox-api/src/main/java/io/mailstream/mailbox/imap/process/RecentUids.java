package io.mailstream.mailbox.imap.process;

import io.mailstream.mailbox.imap.request.SearchKey;
import io.mailstream.mailbox.imap.request.SequenceSet;

import java.util.ArrayList;
import java.util.List;

/**
 * The UIDs that are {@code \Recent} in one session (RFC 3501 2.3.2): the ranges it claimed from the
 * mailbox's {@code recentUid} (a read-only session: the ranges no session had claimed when it looked).
 * A range is {@code (after, upTo]}; ranges only ever come above the ones before, so few exist.
 */
final class RecentUids {

    private final List<SequenceSet.Range> ranges = new ArrayList<>();
    /** Every UID up to this was claimed by this session or another; nothing below it is added. */
    private long considered;

    /** Records that the UIDs above {@code claimedBefore} up to {@code upTo} are this session's. */
    void add(long claimedBefore, long upTo) {
        long after = Math.max(claimedBefore, considered);
        considered = Math.max(considered, upTo);
        if (upTo <= after) {
            return;
        }
        int last = ranges.size() - 1;
        if (last >= 0 && ranges.get(last).last() == after) {
            ranges.set(last, new SequenceSet.Range(ranges.get(last).first(), upTo));
        } else {
            ranges.add(new SequenceSet.Range(after + 1, upTo));
        }
    }

    /** The highest UID already considered: a later claim need only cover UIDs above it. */
    long considered() {
        return considered;
    }

    boolean contains(long uid) {
        for (SequenceSet.Range r : ranges) {
            if (uid >= r.first() && uid <= r.last()) {
                return true;
            }
        }
        return false;
    }

    /** The search key RECENT stands for in this session. */
    SearchKey asSearchKey() {
        return ranges.isEmpty() ? new SearchKey.None() : new SearchKey.Uid(new SequenceSet(ranges));
    }
}
