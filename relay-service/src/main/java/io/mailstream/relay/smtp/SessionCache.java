package io.mailstream.relay.smtp;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Idle SMTP connections kept for a short time so that the next message to the same server skips
 * the connect, greeting, EHLO, TLS handshake and AUTH [Postfix scache,
 * smtp_connection_cache_time_limit]. A connection is kept per server address, TLS policy and
 * login; it is given out to one attempt at a time, and closed with QUIT once it has been idle for
 * {@code idle} or has carried {@code maxMessages}.
 */
final class SessionCache implements AutoCloseable {

    private record Idle(OutboundSession session, long since) {
    }

    private final long idleNanos;
    private final int maxMessages;
    private final Map<String, Deque<Idle>> idle = new HashMap<>();

    SessionCache(Duration idle, int maxMessages, ScheduledExecutorService timer) {
        this.idleNanos = idle.toNanos();
        this.maxMessages = maxMessages;
        if (idleNanos > 0) {
            long every = Math.max(100, idle.toMillis() / 2);
            timer.scheduleWithFixedDelay(this::expire, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** An idle connection for {@code key}, now owned by the caller, or null. */
    synchronized OutboundSession take(String key) {
        Deque<Idle> q = idle.get(key);
        Idle i = q == null ? null : q.pollFirst();
        if (q != null && q.isEmpty()) {
            idle.remove(key);
        }
        return i == null ? null : i.session();
    }

    /** Keeps a connection that just finished a transaction, or closes it when caching is off or it is worn. */
    void put(String key, OutboundSession session) {
        if (idleNanos <= 0 || session.reuses() + 1 >= maxMessages) {
            session.quit();
            session.close();
            return;
        }
        synchronized (this) {
            idle.computeIfAbsent(key, k -> new ArrayDeque<>()).addFirst(new Idle(session, System.nanoTime()));
        }
    }

    private void expire() {
        List<OutboundSession> stale = new ArrayList<>();
        long now = System.nanoTime();
        synchronized (this) {
            idle.values().forEach(q -> q.removeIf(i -> {
                boolean old = now - i.since() >= idleNanos;
                if (old) {
                    stale.add(i.session());
                }
                return old;
            }));
            idle.values().removeIf(Deque::isEmpty);
        }
        stale.forEach(s -> {
            s.quit();
            s.close();
        });
    }

    @Override
    public void close() {
        List<OutboundSession> all = new ArrayList<>();
        synchronized (this) {
            idle.values().forEach(q -> q.forEach(i -> all.add(i.session())));
            idle.clear();
        }
        all.forEach(s -> {
            s.quit();
            s.close();
        });
    }
}
