package io.mailstream.mailbox.imap.request;

import java.util.List;

/**
 * A set of message sequence numbers or UIDs as the client wrote it ({@code 1:*}, {@code 2,4:7}).
 * {@code *} stands for the largest number in use, which is known only when the set is applied, so
 * it stays symbolic here. {@link #SAVED} is {@code $}, the result the last {@code SEARCH RETURN
 * (SAVE)} kept (RFC 5182): it has no ranges and is resolved by the selected mailbox.
 */
public record SequenceSet(List<Range> ranges, boolean saved) {

    public static final long STAR = Long.MAX_VALUE;
    public static final SequenceSet SAVED = new SequenceSet(List.of(), true);

    public SequenceSet {
        ranges = List.copyOf(ranges);
    }

    public SequenceSet(List<Range> ranges) {
        this(ranges, false);
    }

    /** Either end may be {@link #STAR}; the ends may come in either order. */
    public record Range(long first, long last) {
    }

    /** Whether {@code value} is in the set when {@code *} means {@code star}. */
    public boolean contains(long value, long star) {
        for (Range r : ranges) {
            long a = r.first() == STAR ? star : r.first();
            long b = r.last() == STAR ? star : r.last();
            if (value >= Math.min(a, b) && value <= Math.max(a, b)) {
                return true;
            }
        }
        return false;
    }

    public boolean hasStar() {
        return ranges.stream().anyMatch(r -> r.first() == STAR || r.last() == STAR);
    }

    /** The largest number written out (not {@code *}), or 0. */
    public long largestExplicit() {
        long max = 0;
        for (Range r : ranges) {
            if (r.first() != STAR) {
                max = Math.max(max, r.first());
            }
            if (r.last() != STAR) {
                max = Math.max(max, r.last());
            }
        }
        return max;
    }
}
