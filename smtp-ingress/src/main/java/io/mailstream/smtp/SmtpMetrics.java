package io.mailstream.smtp;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The SMTP counters, as Prometheus shows them: {@code mailstream_smtp_sessions_total},
 * {@code mailstream_smtp_sessions_active}, {@code mailstream_smtp_messages_accepted_total},
 * {@code mailstream_smtp_messages_rejected_total{reason}},
 * {@code mailstream_smtp_recipients_rejected_total{reason}} and
 * {@code mailstream_smtp_command_seconds{command}}.
 */
@Singleton
public class SmtpMetrics {

    private final MeterRegistry registry;
    private final Counter sessions;
    private final AtomicInteger active = new AtomicInteger();
    private final Counter accepted;
    private final Counter acceptedBytes;
    private final Map<String, Counter> rejected = new ConcurrentHashMap<>();
    private final Map<String, Counter> recipientsRejected = new ConcurrentHashMap<>();
    private final Map<String, Timer> commandTimers = new ConcurrentHashMap<>();

    @Inject
    public SmtpMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.sessions = Counter.builder("mailstream.smtp.sessions").description("SMTP sessions opened")
                .register(registry);
        registry.gauge("mailstream.smtp.sessions.active", active);
        this.accepted = Counter.builder("mailstream.smtp.messages.accepted")
                .description("Messages stored, published and answered 250").register(registry);
        this.acceptedBytes = Counter.builder("mailstream.smtp.accepted.bytes")
                .description("Octets of accepted messages, Received header included").register(registry);
    }

    public void sessionOpened() {
        sessions.increment();
        active.incrementAndGet();
    }

    public void sessionClosed() {
        active.decrementAndGet();
    }

    public void messageAccepted(long bytes) {
        accepted.increment();
        acceptedBytes.increment(bytes);
    }

    /** A message refused at the end of DATA (or lost to a timeout): {@code size}, {@code bare_newline}, ... */
    public void messageRejected(String reason) {
        rejected.computeIfAbsent(reason, r -> Counter.builder("mailstream.smtp.messages.rejected")
                .description("Messages refused after DATA, by reason").tag("reason", r).register(registry))
                .increment();
    }

    public void recipientRejected(String reason) {
        recipientsRejected.computeIfAbsent(reason, r -> Counter.builder("mailstream.smtp.recipients.rejected")
                .description("RCPT TO refused, by reason").tag("reason", r).register(registry)).increment();
    }

    /** Times one command; {@code verb} must come from the registry so the tag stays bounded. */
    public <T> T timeCommand(String verb, Supplier<T> command) {
        Timer timer = commandTimers.computeIfAbsent(verb, v -> Timer.builder("mailstream.smtp.command")
                .description("Time to handle one SMTP command").tag("command", v).register(registry));
        return timer.record(command);
    }

    public int activeSessions() {
        return active.get();
    }
}
