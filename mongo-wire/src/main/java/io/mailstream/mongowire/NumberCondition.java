package io.mailstream.mongowire;

import de.bwaldvogel.mongo.bson.Document;

import java.util.Collection;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * What a query asks of a numeric field, as far as an ordered index can narrow it: bounds from
 * {@code $gt}, {@code $gte}, {@code $lt}, {@code $lte} and {@code $eq}, and the values of an
 * {@code $in}. Numbers compare by value whatever their type (5 == 5L == 5.0), so they are ordered
 * as doubles ({@link #key}). Built only when every bound and value is an Integer, Long or Double;
 * operators it does not know are left out (the clauses of a condition all have to hold, so leaving
 * one out only widens the superset the collection then matches).
 *
 * <p>A double holds every long below 2^53 exactly and rounds the larger ones, in order but
 * sometimes onto their neighbour; so a strict bound at or above 2^53 is taken as inclusive.
 */
record NumberCondition(Double low, boolean lowStrict, Double high, boolean highStrict, NavigableSet<Double> values) {

    private static final double EXACT_LONGS = 0x1p53;

    /**
     * The condition on {@code field} in {@code query} (also in one clause of {@code $and}, as the
     * driver writes Filters.and), or null when there is none an ordered index can narrow by.
     */
    static NumberCondition of(Document query, String field) {
        return QueryClauses.onField(query, field,
                condition -> condition instanceof Document operators ? parse(operators) : null);
    }

    /** The ordered key of a value: an Integer, Long or Double as a double (-0.0 as 0.0), else null (also NaN). */
    static Double key(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Double) {
            double d = ((Number) value).doubleValue();
            return Double.isNaN(d) ? null : d + 0.0; // -0.0 + 0.0 is 0.0: MongoDB finds -0.0 by 0
        }
        return null;
    }

    /** Whether the key of a number within the bounds could belong to a match. */
    boolean admits(double key) {
        return (low == null || (lowStrict ? key > low : key >= low))
                && (high == null || (highStrict ? key < high : key <= high));
    }

    /** Whether no number can satisfy both bounds. */
    boolean emptyRange() {
        if (low == null || high == null) {
            return false;
        }
        int order = Double.compare(low, high);
        return order > 0 || (order == 0 && (lowStrict || highStrict));
    }

    private static NumberCondition parse(Document operators) {
        Builder b = new Builder();
        for (Map.Entry<String, Object> e : operators.entrySet()) {
            boolean known = switch (e.getKey()) {
                case "$gt" -> b.low(e.getValue(), true);
                case "$gte" -> b.low(e.getValue(), false);
                case "$lt" -> b.high(e.getValue(), true);
                case "$lte" -> b.high(e.getValue(), false);
                case "$eq" -> b.low(e.getValue(), false) && b.high(e.getValue(), false);
                case "$in" -> b.in(e.getValue());
                // an operator that only narrows further ($ne, $exists, ...) can be left out, but a
                // field name means equality with a sub-document: nothing for an ordered index
                default -> e.getKey().startsWith("$");
            };
            if (!known) {
                return null;
            }
        }
        return b.low == null && b.high == null && b.values == null ? null
                : new NumberCondition(b.low, b.lowStrict, b.high, b.highStrict, b.values);
    }

    /** Collects the tightest bounds; each method tells whether its operand was usable. */
    private static final class Builder {
        Double low;
        boolean lowStrict;
        Double high;
        boolean highStrict;
        NavigableSet<Double> values;

        boolean low(Object bound, boolean strict) {
            Double k = key(bound);
            if (k == null) {
                return false;
            }
            strict &= Math.abs(k) < EXACT_LONGS;
            int order = low == null ? 1 : Double.compare(k, low);
            if (order > 0 || (order == 0 && strict)) {
                low = k;
                lowStrict = strict;
            }
            return true;
        }

        boolean high(Object bound, boolean strict) {
            Double k = key(bound);
            if (k == null) {
                return false;
            }
            strict &= Math.abs(k) < EXACT_LONGS;
            int order = high == null ? -1 : Double.compare(k, high);
            if (order < 0 || (order == 0 && strict)) {
                high = k;
                highStrict = strict;
            }
            return true;
        }

        boolean in(Object operand) {
            if (!(operand instanceof Collection<?> list)) {
                return false;
            }
            values = new TreeSet<>();
            for (Object value : list) {
                Double k = key(value);
                if (k == null) {
                    return false; // a null, a string, a regex, ... in $in: leave it to the collection
                }
                values.add(k);
            }
            return true;
        }
    }
}
