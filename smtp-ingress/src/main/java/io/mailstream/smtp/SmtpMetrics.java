package io.mailstream.smtp;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The SMTP counters, as Prometheus shows them: {@code mailstream_smtp_sessions_total{listener}},
 * {@code mailstream_smtp_sessions_active}, {@code mailstream_smtp_messages_accepted_total},
 * {@code mailstream_smtp_messages_rejected_total{reason}},
 * {@code mailstream_smtp_recipients_rejected_total{reason}},
 * {@code mailstream_smtp_limit_hits_total{limit}}, {@code mailstream_smtp_tls_handshakes_total{result}},
 * {@code mailstream_smtp_auth_total{result}}, {@code mailstream_smtp_recipients_accepted_total},
 * {@code mailstream_smtp_accept_seconds} (histogram: end of data to 250) and
 * {@code mailstream_smtp_command_seconds{command}}.
 * Every tag value comes from a fixed set in the code, never from client input.
 */
@Singleton
public class SmtpMetrics {

    private final MeterRegistry registry;
    private final AtomicInteger active = new AtomicInteger();
    private final Counter accepted;
    private final Counter acceptedBytes;
    private final Counter acceptedRecipients;
    private final Timer acceptTime;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> commandTimers = new ConcurrentHashMap<>();

    @Inject
    public SmtpMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("mailstream.smtp.sessions.active", active);
        this.accepted = Counter.builder("mailstream.smtp.messages.accepted")
                .description("Messages stored, published and answered 250").register(registry);
        this.acceptedBytes = Counter.builder("mailstream.smtp.accepted.bytes")
                .description("Octets of accepted messages, Received header included").register(registry);
        this.acceptedRecipients = Counter.builder("mailstream.smtp.recipients.accepted")
                .description("Recipients of accepted messages").register(registry);
        this.acceptTime = Timer.builder("mailstream.smtp.accept")
                .description("From the end of the message text to the 250: storing and publishing")
                .publishPercentileHistogram().register(registry);
    }

    public void sessionOpened(String listener) {
        count("mailstream.smtp.sessions", "SMTP sessions opened, by listener", "listener", listener);
        active.incrementAndGet();
    }

    public void sessionClosed() {
        active.decrementAndGet();
    }

    public void messageAccepted(long bytes) {
        accepted.increment();
        acceptedBytes.increment(bytes);
    }

    /** A message was made durable for {@code recipients} recipients, {@code nanos} after its text ended. */
    public void messageAccepted(long bytes, int recipients, long nanos) {
        messageAccepted(bytes);
        acceptedRecipients.increment(recipients);
        acceptTime.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A message refused at the end of DATA (or lost to a timeout): {@code size}, {@code bare_newline}, ... */
    public void messageRejected(String reason) {
        count("mailstream.smtp.messages.rejected", "Messages refused after DATA, by reason", "reason", reason);
    }

    public void recipientRejected(String reason) {
        count("mailstream.smtp.recipients.rejected", "RCPT TO refused, by reason", "reason", reason);
    }

    /**
     * A configured limit or protocol rule was hit: {@code command_line}, {@code message_size},
     * {@code recipients}, {@code errors}, {@code idle_timeout}, {@code connections_per_ip},
     * {@code pregreet}, {@code pipelining}, {@code auth_throttled}.
     */
    public void limitHit(String limit) {
        count("mailstream.smtp.limit.hits", "Limits and protocol rules enforced, by limit", "limit", limit);
    }

    /** {@code success}, {@code failure} (STARTTLS handshake did not complete) or {@code implicit}. */
    public void tlsHandshake(String result) {
        count("mailstream.smtp.tls.handshakes", "TLS handshakes, by result", "result", result);
    }

    /** {@code success}, {@code failure}, {@code throttled}, {@code unavailable}, {@code cancelled}, {@code malformed}. */
    public void auth(String result) {
        count("mailstream.smtp.auth", "AUTH attempts, by result", "result", result);
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

    private void count(String name, String description, String tag, String value) {
        counters.computeIfAbsent(name + '\0' + value, k -> Counter.builder(name).description(description)
                .tag(tag, value).register(registry)).increment();
    }
}
