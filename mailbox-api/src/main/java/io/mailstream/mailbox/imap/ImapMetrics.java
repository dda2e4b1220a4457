package io.mailstream.mailbox.imap;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.TimeUnit;

/**
 * IMAP counters: {@code mailstream_imap_sessions_total},
 * {@code mailstream_imap_logins_total{result}}, {@code mailstream_imap_commands_total{command,result}},
 * {@code mailstream_imap_command_seconds{command}}, and the gauge {@code mailstream_imap_idle_sessions}.
 * Command names come from the server's own command table (or UNKNOWN), so labels stay bounded.
 */
public final class ImapMetrics {

    private final MeterRegistry registry;

    public ImapMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void sessionOpened() {
        registry.counter("mailstream.imap.sessions").increment();
    }

    /** @param result success, failure, throttled, unavailable, limit or tls-required */
    public void login(String result) {
        registry.counter("mailstream.imap.logins", "result", result).increment();
    }

    public void command(String command, String result) {
        registry.counter("mailstream.imap.commands", "command", command, "result", result).increment();
    }

    public void latency(String command, long nanos) {
        Timer.builder("mailstream.imap.command").tag("command", command)
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    public void idleGauge(IdleRegistry idle) {
        registry.gauge("mailstream.imap.idle.sessions", idle, IdleRegistry::idling);
    }
}
