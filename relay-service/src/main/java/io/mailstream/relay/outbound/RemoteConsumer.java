package io.mailstream.relay.outbound;

import io.mailstream.core.Retrier;
import io.mailstream.core.event.RemoteDelivery;
import io.mailstream.relay.UnroutableMessage;
import io.mailstream.store.StoreException;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes {@code mail.remote} [Postfix qmgr, incoming queue]: puts each delivery into the
 * {@code queue} collection, which then owns it, and makes the first attempt at once on the
 * outbound worker pool. Deliveries run in parallel (unordered acks), so a slow domain holds only
 * its own worker, and retries run elsewhere ({@link RetryScheduler}), so new mail never waits
 * behind a backlog. A domain already at its concurrency limit is left to the scheduler.
 */
@ApplicationScoped
public class RemoteConsumer {

    private static final Logger LOG = Logger.getLogger(RemoteConsumer.class);

    private final QueueStore queue;
    private final AttemptRunner runner;
    private final RelayConfig config;
    private final Retrier retrier;
    Clock clock = Clock.systemUTC();

    @Inject
    RemoteConsumer(QueueStore queue, AttemptRunner runner, RelayConfig config,
            @ConfigProperty(name = "mailstream.retry.first-delay", defaultValue = "1s") Duration firstDelay,
            @ConfigProperty(name = "mailstream.retry.max-delay", defaultValue = "1m") Duration maxDelay,
            @ConfigProperty(name = "mailstream.retry.budget", defaultValue = "10m") Duration budget) {
        this.queue = queue;
        this.runner = runner;
        this.config = config;
        this.retrier = new Retrier(firstDelay, maxDelay, budget, Retrier.classifier(UnroutableMessage.class,
                StoreException::isOutage), (attempt, kind, e, delay) -> LOG.warnf(
                        "queueing a remote delivery failed (%s, attempt %d), retrying in %s: %s", kind, attempt, delay, e));
    }

    void stopping(@Observes ShutdownEvent event) {
        retrier.stop();
    }

    @Incoming("outbound")
    @Blocking(value = "outbound", ordered = false)
    public CompletionStage<Void> onRemote(Message<RemoteDelivery> record) {
        RemoteDelivery d = record.getPayload();
        Optional<QueueEntry> claimed;
        try {
            claimed = retrier.run(() -> {
                check(d);
                return queue.enqueue(d, clock.instant(), config.lease());
            });
        } catch (Retrier.GaveUp e) {
            LOG.errorf("remote delivery dead-lettered: %s", e.getMessage());
            return record.nack(e);
        } catch (Retrier.Stopped e) {
            return CompletableFuture.completedFuture(null);
        }
        // From here the queue entry owns the delivery: the record can be committed whatever happens.
        claimed.ifPresent(runner::run);
        return record.ack();
    }

    private static void check(RemoteDelivery d) {
        if (d == null) {
            throw new UnroutableMessage("not a RemoteDelivery record");
        }
        if (d.messageId() == null || d.messageId().isBlank() || d.blobId() == null || d.blobId().isBlank()
                || d.domain() == null || d.domain().isBlank() || d.recipients().isEmpty()) {
            throw new UnroutableMessage("remote delivery lacks messageId, blobId, domain or recipients: " + d);
        }
    }
}
