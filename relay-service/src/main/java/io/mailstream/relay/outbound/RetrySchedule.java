package io.mailstream.relay.outbound;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * When to try a deferred delivery again [Postfix minimal/maximal_backoff_time, maximal_queue_lifetime]:
 * the n-th deferral waits the n-th delay of the schedule, the last one repeating, and no retry is
 * scheduled after the message's expiry; the attempt at expiry is the last, a recipient still
 * deferred then bounces.
 */
public record RetrySchedule(List<Duration> delays, Duration maxAge) {

    public RetrySchedule {
        if (delays.isEmpty() || delays.stream().anyMatch(d -> d.isNegative() || d.isZero())) {
            throw new IllegalArgumentException("the retry schedule needs at least one positive delay");
        }
        delays = List.copyOf(delays);
    }

    /** After the {@code attempts}-th attempt (1 = the first) deferred at {@code now}. */
    public Instant next(int attempts, Instant now, Instant acceptedAt) {
        Duration delay = delays.get(Math.min(Math.max(attempts, 1), delays.size()) - 1);
        Instant next = now.plus(delay);
        Instant expiry = expiry(acceptedAt);
        return next.isAfter(expiry) ? (now.isBefore(expiry) ? expiry : now) : next;
    }

    public Instant expiry(Instant acceptedAt) {
        return acceptedAt.plus(maxAge);
    }

    public boolean expired(Instant acceptedAt, Instant now) {
        return !now.isBefore(expiry(acceptedAt));
    }
}
