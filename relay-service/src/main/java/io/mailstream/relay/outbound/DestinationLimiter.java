package io.mailstream.relay.outbound;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Caps simultaneous attempts per destination domain [Postfix default_destination_concurrency_limit],
 * so that one domain cannot take every worker and a slow one cannot be hammered. Never blocks:
 * a delivery that finds its domain busy goes back to the queue for a little while.
 */
public final class DestinationLimiter {

    private final int max;
    /** Attempts in progress per domain; a domain without any has no entry. */
    private final ConcurrentHashMap<String, Integer> active = new ConcurrentHashMap<>();

    public DestinationLimiter(int max) {
        this.max = max;
    }

    public boolean tryAcquire(String domain) {
        boolean[] acquired = new boolean[1];
        active.compute(domain, (d, n) -> {
            int current = n == null ? 0 : n;
            acquired[0] = current < max;
            return acquired[0] ? current + 1 : n;
        });
        return acquired[0];
    }

    public void release(String domain) {
        active.computeIfPresent(domain, (d, n) -> n <= 1 ? null : n - 1);
    }
}
