package io.mailstream.relay.outbound;

import io.mailstream.store.StoreException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

/**
 * Runs one attempt for a leased queue entry, for both the first attempt ({@link RemoteConsumer})
 * and retries ({@link RetryScheduler}): within the per-instance and the cluster-wide concurrency
 * limit of its domain, or else back to the queue for {@code busy-delay}. An attempt that fails on
 * our side (store or broker down) gives the entry back untouched with a growing delay, counted in
 * {@code mailstream_relay_attempt_failures_total} and on the entry ({@code localFailures}); when
 * even that write fails, the entry's lease expires and it is attempted again. Never throws.
 */
@ApplicationScoped
public class AttemptRunner {

    private static final Logger LOG = Logger.getLogger(AttemptRunner.class);
    /** A local failure waits the first retry delay, doubled for each one in a row, at most 16 times it. */
    private static final int MAX_DOUBLINGS = 4;

    private final QueueStore queue;
    private final DestinationLimiter limiter;
    private final DestinationSlots slots;
    private final Consumer<QueueEntry> agent;
    private final Duration busyDelay;
    private final Duration firstRetry;
    private final Counter busyHere;
    private final Counter busyCluster;
    private final MeterRegistry registry;
    Clock clock = Clock.systemUTC();

    @Inject
    AttemptRunner(QueueStore queue, DestinationLimiter limiter, DestinationSlots slots, OutboundAgent agent,
            RelayConfig config, MeterRegistry registry) {
        this(queue, limiter, slots, agent::attempt, config.busyDelay(), config.retrySchedule().get(0), registry);
    }

    AttemptRunner(QueueStore queue, DestinationLimiter limiter, DestinationSlots slots, Consumer<QueueEntry> agent,
            Duration busyDelay, Duration firstRetry, MeterRegistry registry) {
        this.queue = queue;
        this.limiter = limiter;
        this.slots = slots;
        this.agent = agent;
        this.busyDelay = busyDelay;
        this.firstRetry = firstRetry;
        this.registry = registry;
        this.busyHere = busy(registry, "instance");
        this.busyCluster = busy(registry, "cluster");
        for (String kind : new String[] {"store", "broker", "other"}) {
            failures(kind);
        }
    }

    public void run(QueueEntry entry) {
        String domain = entry.domain();
        if (!limiter.tryAcquire(domain)) {
            busyHere.increment();
            requeueBusy(entry);
            return;
        }
        try {
            Optional<DestinationSlots.Slot> slot = slots.tryAcquire(domain, clock.instant());
            if (slot.isEmpty()) {
                busyCluster.increment();
                requeueBusy(entry);
                return;
            }
            try {
                agent.accept(entry);
            } finally {
                releaseSlot(slot.get(), entry);
            }
        } catch (RuntimeException e) {
            localFailure(entry, e);
        } finally {
            limiter.release(domain);
        }
    }

    private void requeueBusy(QueueEntry entry) {
        Instant now = clock.instant();
        try {
            queue.complete(entry, entry.recipients(), entry.state(), now.plus(busyDelay), now, false);
        } catch (RuntimeException e) {
            LOG.warnf("could not put back %s (its domain is busy); its lease will expire: %s", entry.id(), e.toString());
        }
    }

    private void releaseSlot(DestinationSlots.Slot slot, QueueEntry entry) {
        try {
            slots.release(slot);
        } catch (RuntimeException e) {
            LOG.warnf("could not release the %s slot after %s; it frees when its lease expires: %s", entry.domain(),
                    entry.id(), e.toString());
        }
    }

    /** The attempt failed on our side before it had a result: give the entry back for later, untouched. */
    private void localFailure(QueueEntry entry, RuntimeException cause) {
        String kind = kind(cause);
        failures(kind).increment();
        Instant now = clock.instant();
        Instant next = now.plus(firstRetry.multipliedBy(1L << Math.min(entry.localFailures(), MAX_DOUBLINGS)));
        LOG.warnf(cause, "attempt for %s failed locally (%s, %d in a row), retrying at %s", entry.id(), kind,
                entry.localFailures() + 1, next);
        try {
            if (!queue.releaseAfterLocalFailure(entry, next, now, kind + ": " + cause)) {
                LOG.warnf("queue entry %s: lease lost after a local failure; its newer state is kept", entry.id());
            }
        } catch (RuntimeException e) {
            LOG.warnf("could not release %s; its lease will expire and it is attempted again: %s", entry.id(),
                    e.toString());
        }
    }

    /** store (MongoDB), broker (Kafka) or other: what failed on our side. */
    static String kind(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StoreException || t instanceof com.mongodb.MongoException) {
                return "store";
            }
            if (t instanceof org.apache.kafka.common.KafkaException
                    || t instanceof io.smallrye.mutiny.TimeoutException
                    || t instanceof java.util.concurrent.TimeoutException) {
                return "broker";
            }
        }
        return "other";
    }

    private Counter failures(String kind) {
        return Counter.builder("mailstream.relay.attempt.failures")
                .description("Attempts that failed on our side (store, broker) and were put back untouched")
                .tag("cause", kind).register(registry);
    }

    private static Counter busy(MeterRegistry registry, String scope) {
        return Counter.builder("mailstream.relay.destination.busy")
                .description("Attempts put back because their domain was at its concurrency limit")
                .tag("scope", scope).register(registry);
    }
}
