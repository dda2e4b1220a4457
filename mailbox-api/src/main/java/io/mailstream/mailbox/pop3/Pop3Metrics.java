package io.mailstream.mailbox.pop3;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * POP3 counters, in Prometheus form {@code mailstream_pop3_sessions_total},
 * {@code mailstream_pop3_logins_total{result="success|failure|throttled|unavailable|in-use"}},
 * {@code mailstream_pop3_messages_retrieved_total}, {@code mailstream_pop3_messages_deleted_total}
 * and the timer {@code mailstream_pop3_command_seconds{command}}.
 */
public final class Pop3Metrics {

    private final MeterRegistry registry;
    private final Counter sessions;
    private final Counter loginSuccess;
    private final Counter loginFailure;
    private final Counter retrieved;
    private final Counter deleted;
    private final Map<String, Timer> commandTimers = new ConcurrentHashMap<>();

    public Pop3Metrics(MeterRegistry registry) {
        this.registry = registry;
        this.sessions = registry.counter("mailstream.pop3.sessions");
        this.loginSuccess = registry.counter("mailstream.pop3.logins", "result", "success");
        this.loginFailure = registry.counter("mailstream.pop3.logins", "result", "failure");
        this.retrieved = registry.counter("mailstream.pop3.messages.retrieved");
        this.deleted = registry.counter("mailstream.pop3.messages.deleted");
    }

    public void sessionOpened() {
        sessions.increment();
    }

    public void login(boolean success) {
        (success ? loginSuccess : loginFailure).increment();
    }

    /** A login that ended other than success or failure: {@code throttled}, {@code unavailable}, {@code in-use}. */
    public void login(String result) {
        registry.counter("mailstream.pop3.logins", "result", result).increment();
    }

    public void retrieved() {
        retrieved.increment();
    }

    public void deleted(long count) {
        deleted.increment(count);
    }

    /** Time of one command; {@code verb} is a registered verb or "unknown", so tags stay bounded. */
    public void command(String verb, long nanos) {
        commandTimers.computeIfAbsent(verb, v -> Timer.builder("mailstream.pop3.command").tag("command", v)
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }
}
