package io.mailstream.mailbox.imap.request;

import java.time.LocalDate;
import java.util.List;

/** A SEARCH criterion as a tree. */
public sealed interface SearchKey {

    record All() implements SearchKey {
    }

    /** Matches no message. */
    record None() implements SearchKey {
    }

    /**
     * RECENT: the message is {@code \Recent} in this session. Known only to the selected mailbox, so
     * it is replaced by {@link #bindRecent} before a search runs.
     */
    record Recent() implements SearchKey {
    }

    /** A system flag or keyword is set ({@code present}) or not. */
    record Flag(String flag, boolean present) implements SearchKey {
    }

    /** A header field contains {@code value} (case-insensitive); an empty value means the field exists. */
    record Header(String field, String value) implements SearchKey {
    }

    /** BODY (body only) or TEXT (header and body) contains {@code value}. */
    record Text(String value, boolean includeHeader) implements SearchKey {
    }

    enum DateOp { BEFORE, ON, SINCE }

    /** Internal date ({@code sent == false}) or Date: header compared by day. */
    record Date(DateOp op, LocalDate date, boolean sent) implements SearchKey {
    }

    /** LARGER ({@code larger == true}) or SMALLER than {@code size} octets. */
    record Size(long size, boolean larger) implements SearchKey {
    }

    record Uid(SequenceSet set) implements SearchKey {
    }

    /** MODSEQ n (RFC 7162): messages changed at or after {@code modSeq}. */
    record ModSeq(long modSeq) implements SearchKey {
    }

    record Sequence(SequenceSet set) implements SearchKey {
    }

    record Not(SearchKey key) implements SearchKey {
    }

    record Or(SearchKey left, SearchKey right) implements SearchKey {
    }

    record And(List<SearchKey> keys) implements SearchKey {
        public And {
            keys = List.copyOf(keys);
        }
    }

    /** {@code key} with every {@link Recent} replaced by {@code recent} (the session's recent UIDs). */
    static SearchKey bindRecent(SearchKey key, SearchKey recent) {
        if (key instanceof Recent) {
            return recent;
        } else if (key instanceof Not n) {
            return new Not(bindRecent(n.key(), recent));
        } else if (key instanceof Or o) {
            return new Or(bindRecent(o.left(), recent), bindRecent(o.right(), recent));
        } else if (key instanceof And a) {
            return new And(a.keys().stream().map(k -> bindRecent(k, recent)).toList());
        }
        return key;
    }
}
