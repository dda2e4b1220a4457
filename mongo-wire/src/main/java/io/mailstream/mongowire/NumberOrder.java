package io.mailstream.mongowire;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * The documents of one key of a compound {@link EqualityIndex}'s first field, ordered by the
 * number in their second field ({@link NumberCondition#key}), so that {@code {mailboxId: X,
 * modSeq: {$gt: n}}} reads the documents above n instead of the whole mailbox. Documents whose
 * second field holds no such number (missing, null, an array, a string, NaN, ...) are returned by
 * every lookup: whether they match is the collection's business.
 */
final class NumberOrder<P> {

    /** A position, or a {@link Several} when documents share the number (most do not: UIDs, MODSEQs). */
    private final TreeMap<Double, Object> byNumber = new TreeMap<>();
    private final Set<P> others = new LinkedHashSet<>();

    /** Positions sharing one number. */
    private record Several<P>(Set<P> positions) {
    }

    /** Adds a position under its document's number, or with the others when {@code key} is null. */
    void add(Double key, P position) {
        if (key == null) {
            others.add(position);
            return;
        }
        Object held = byNumber.putIfAbsent(key, position);
        if (held instanceof Several<?> several) {
            NumberOrder.<Set<P>>cast(several.positions()).add(position);
        } else if (held != null && !held.equals(position)) {
            Set<P> positions = new LinkedHashSet<>();
            positions.add(cast(held));
            positions.add(position);
            byNumber.put(key, new Several<>(positions));
        }
    }

    void remove(Double key, P position) {
        if (key == null) {
            others.remove(position);
            return;
        }
        Object held = byNumber.get(key);
        if (held instanceof Several<?> several) {
            Set<?> positions = several.positions();
            positions.remove(position);
            if (positions.size() == 1) {
                byNumber.put(key, positions.iterator().next());
            } else if (positions.isEmpty()) {
                byNumber.remove(key);
            }
        } else if (position.equals(held)) {
            byNumber.remove(key);
        }
    }

    boolean isEmpty() {
        return byNumber.isEmpty() && others.isEmpty();
    }

    /** Adds to {@code out} the positions that may match {@code condition}: the others, then in the number's order. */
    void collect(NumberCondition condition, Collection<P> out) {
        out.addAll(others);
        if (condition.values() != null) {
            for (Double value : condition.values()) {
                if (condition.admits(value)) {
                    addHeld(byNumber.get(value), out);
                }
            }
            return;
        }
        if (condition.emptyRange()) {
            return;
        }
        NavigableMap<Double, Object> range = byNumber;
        if (condition.low() != null) {
            range = range.tailMap(condition.low(), !condition.lowStrict());
        }
        if (condition.high() != null) {
            range = range.headMap(condition.high(), !condition.highStrict());
        }
        for (Object held : range.values()) {
            addHeld(held, out);
        }
    }

    private void addHeld(Object held, Collection<P> out) {
        if (held instanceof Several<?> several) {
            out.addAll(cast(several.positions()));
        } else if (held != null) {
            out.add(cast(held));
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object o) {
        return (T) o;
    }
}
