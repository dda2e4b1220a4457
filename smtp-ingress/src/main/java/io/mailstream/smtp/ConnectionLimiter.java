package io.mailstream.smtp;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts open sessions per client IP address, across all SMTP listeners, so that one client
 * cannot take every connection slot (Postfix: smtpd_client_connection_count_limit).
 */
public final class ConnectionLimiter {

    private final int maxPerClient;
    private final ConcurrentHashMap<String, AtomicInteger> open = new ConcurrentHashMap<>();

    /** @param maxPerClient sessions one address may have at once; 0 or less means no limit */
    public ConnectionLimiter(int maxPerClient) {
        this.maxPerClient = maxPerClient;
    }

    public static ConnectionLimiter unlimited() {
        return new ConnectionLimiter(0);
    }

    /** Takes a slot for {@code client}; false (and nothing taken) when it already has the maximum. */
    public boolean tryAcquire(String client) {
        if (maxPerClient <= 0) {
            return true;
        }
        boolean[] ok = new boolean[1];
        open.compute(client, (k, n) -> {
            AtomicInteger count = n == null ? new AtomicInteger() : n;
            if (count.get() < maxPerClient) {
                count.incrementAndGet();
                ok[0] = true;
            }
            return count.get() == 0 ? null : count;
        });
        return ok[0];
    }

    /** Gives back a slot taken by {@link #tryAcquire}. */
    public void release(String client) {
        if (maxPerClient <= 0) {
            return;
        }
        open.computeIfPresent(client, (k, n) -> n.decrementAndGet() <= 0 ? null : n);
    }

    public int openFrom(String client) {
        AtomicInteger n = open.get(client);
        return n == null ? 0 : n.get();
    }
}
