package io.mailstream.relay.outbound;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

/**
 * The deferred queue [Postfix qmgr, deferred queue]: polls the {@code queue} collection for entries
 * whose next attempt is due (or whose lease expired because an instance died mid-attempt), takes
 * their lease and attempts them on its own worker pool, never more at once than it has workers.
 * Also keeps the queue-depth gauges current.
 */
@ApplicationScoped
public class RetryScheduler {

    private static final Logger LOG = Logger.getLogger(RetryScheduler.class);

    private final QueueStore queue;
    private final AttemptRunner runner;
    private final DestinationSlots destinations;
    private final RelayConfig config;
    private final Semaphore slots;
    private final AtomicLong active = new AtomicLong();
    private final AtomicLong deferred = new AtomicLong();
    private final AtomicLong oldestSeconds = new AtomicLong();
    private ScheduledExecutorService ticker;
    private ExecutorService workers;
    Clock clock = Clock.systemUTC();

    @Inject
    RetryScheduler(QueueStore queue, AttemptRunner runner, DestinationSlots destinations, RelayConfig config,
            MeterRegistry registry) {
        this.queue = queue;
        this.runner = runner;
        this.destinations = destinations;
        this.config = config;
        this.slots = new Semaphore(config.retryWorkers());
        Gauge.builder("mailstream.relay.queue.depth", active, AtomicLong::get).tag("state", "active")
                .description("Queue entries (message and domain) by state").register(registry);
        Gauge.builder("mailstream.relay.queue.depth", deferred, AtomicLong::get).tag("state", "deferred")
                .description("Queue entries (message and domain) by state").register(registry);
        Gauge.builder("mailstream.relay.queue.oldest.age.seconds", oldestSeconds, AtomicLong::get)
                .description("Age of the oldest message still queued").register(registry);
    }

    void start(@Observes StartupEvent event) {
        workers = Executors.newFixedThreadPool(config.retryWorkers(), daemon("relay-retry"));
        ticker = Executors.newSingleThreadScheduledExecutor(daemon("relay-retry-scheduler"));
        long every = config.queuePollInterval().toMillis();
        ticker.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
        ticker.execute(() -> {
            try {
                queue.ensureIndexes();
                destinations.ensureIndexes();
            } catch (RuntimeException e) {
                LOG.warnf("queue indexes not created: %s", e.toString());
            }
        });
    }

    void stop(@Observes ShutdownEvent event) {
        if (ticker != null) {
            ticker.shutdownNow();
            workers.shutdown();
            try {
                workers.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    void tick() {
        try {
            while (slots.tryAcquire()) {
                Instant now = clock.instant();
                Optional<QueueEntry> due = queue.claimDue(now, config.lease());
                if (due.isEmpty()) {
                    slots.release();
                    break;
                }
                workers.execute(() -> {
                    try {
                        runner.run(due.get());
                    } finally {
                        slots.release();
                    }
                });
            }
            updateGauges();
        } catch (RuntimeException e) {
            LOG.warnf("retry scheduler: %s", e.toString());
        }
    }

    private void updateGauges() {
        active.set(queue.count(QueueEntry.State.ACTIVE));
        deferred.set(queue.count(QueueEntry.State.DEFERRED));
        oldestSeconds.set(queue.oldestOpen().map(t -> Duration.between(t, clock.instant()).toSeconds()).orElse(0L));
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
