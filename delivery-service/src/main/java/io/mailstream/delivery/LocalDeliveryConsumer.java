package io.mailstream.delivery;

import io.mailstream.core.Retrier;
import io.mailstream.core.event.LocalDelivery;
import io.mailstream.store.StoreException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import org.apache.kafka.common.errors.RetriableException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes {@code mail.local}, one record at a time in order, and commits a record's offset only
 * after the message is stored and its announcements are acknowledged by Kafka.
 *
 * <p>Failures: an unreadable or incomplete record, or one whose blob is not in the store, is
 * nacked and lands on {@code mail.local.dlq} with the reason. A MongoDB or Kafka outage is retried
 * with backoff for as long as it lasts; the record and those after it wait uncommitted, and the
 * readiness check reports the outage. Any other failure is retried for
 * {@code mailstream.retry.budget}, then dead-lettered. Nothing is acknowledged before it is stored.
 */
@ApplicationScoped
public class LocalDeliveryConsumer {

    private static final Logger LOG = Logger.getLogger(LocalDeliveryConsumer.class);

    /** Bad records give up at once; an unreachable store or broker is waited out. */
    static final Function<Throwable, Retrier.Failure> CLASSIFY = Retrier.classifier(UndeliverableMessage.class,
            t -> t instanceof RetriableException || StoreException.isOutage(t));

    private final MailboxDeliverer deliverer;
    private final DeliveryPublisher publisher;
    private final Retrier retrier;
    private final Counter stored;
    private final Counter duplicate;
    private final Counter failed;
    private final Timer latency;

    @Inject
    LocalDeliveryConsumer(MailboxDeliverer deliverer, DeliveryPublisher publisher, MeterRegistry registry,
            @ConfigProperty(name = "mailstream.retry.first-delay", defaultValue = "1s") Duration firstDelay,
            @ConfigProperty(name = "mailstream.retry.max-delay", defaultValue = "1m") Duration maxDelay,
            @ConfigProperty(name = "mailstream.retry.budget", defaultValue = "10m") Duration budget) {
        this.deliverer = deliverer;
        this.publisher = publisher;
        this.retrier = new Retrier(firstDelay, maxDelay, budget, CLASSIFY,
                (attempt, kind, e, delay) -> LOG.warnf("delivery failed (%s, attempt %d), retrying in %s: %s",
                        kind, attempt, delay, e.toString()));
        this.stored = delivered(registry, "stored");
        this.duplicate = delivered(registry, "duplicate");
        this.failed = delivered(registry, "failed");
        this.latency = Timer.builder("mailstream.delivery.latency")
                .description("Time from acceptance by smtp-ingress to storage in the mailbox").register(registry);
    }

    private static Counter delivered(MeterRegistry registry, String result) {
        return Counter.builder("mailstream.delivery.delivered").description("Local deliveries, by result")
                .tag("result", result).register(registry);
    }

    void stopping(@Observes ShutdownEvent event) {
        retrier.stop();
    }

    @Incoming("local")
    @Blocking(ordered = true)
    public CompletionStage<Void> onLocal(Message<LocalDelivery> record) {
        LocalDelivery d = record.getPayload();
        try {
            if (d == null) {
                throw new UndeliverableMessage("not a LocalDelivery record (key " + kafkaKey(record) + ")");
            }
            MailboxDeliverer.Delivery delivery = retrier.run(() -> deliverer.deliver(d));
            // Announce in a retry of its own: retrying the delivery would find a duplicate and lose the uid.
            retrier.run(() -> {
                publisher.announce(d, delivery);
                return null;
            });
            count(d, delivery);
            return record.ack();
        } catch (UndeliverableMessage | Retrier.GaveUp e) {
            failed.increment();
            LOG.errorf("delivery of message %s to %s dead-lettered: %s", d == null ? null : d.messageId(),
                    d == null ? null : d.owner(), e.getMessage());
            publisher.traceFailure(d, e.getMessage());
            return record.nack(e);
        } catch (Retrier.Stopped e) {
            LOG.infof("stopping: delivery of message %s stays uncommitted for the next consumer", d.messageId());
            return CompletableFuture.completedFuture(null);
        }
    }

    private void count(LocalDelivery d, MailboxDeliverer.Delivery delivery) {
        if (delivery.result() == MailboxDeliverer.Result.DUPLICATE) {
            duplicate.increment();
            LOG.debugf("message %s for %s was already delivered", d.messageId(), d.owner());
            return;
        }
        stored.increment();
        Duration took = Duration.between(d.acceptedAt(), Instant.now());
        latency.record(took.isNegative() ? Duration.ZERO : took);
        LOG.debugf("message %s stored for %s, uid %d", d.messageId(), d.owner(), delivery.uid());
    }

    private static String kafkaKey(Message<?> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class).map(m -> String.valueOf(m.getKey())).orElse(null);
    }
}
