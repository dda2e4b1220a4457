package io.mailstream.delivery;

import io.mailstream.core.Retrier;
import io.mailstream.core.dsn.BounceMessage;
import io.mailstream.core.event.LocalDelivery;
import io.mailstream.core.event.MessageAccepted;
import io.mailstream.store.StoreException;
import io.mailstream.store.summary.MessageSummary;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes {@code mail.local} (new mail, several records at once) and
 * {@code mail.local.deferred} (copies deferred for quota, each held until its {@code not-before}
 * time on a worker of its own, so waiting never delays new mail), and commits a record's offset
 * only after every copy is stored and its announcements are acknowledged by Kafka.
 *
 * <p>Failures: an unreadable or incomplete record, or one whose blob is not in the store, is
 * nacked and lands on {@code mail.local.dlq} with the reason. A MongoDB or Kafka outage is retried
 * with backoff for as long as it lasts; the record and those after it wait uncommitted, and the
 * readiness check reports the outage. Any other failure is retried for
 * {@code mailstream.retry.budget}, then dead-lettered. Nothing is acknowledged before it is stored.
 *
 * <p>A bounced copy (and a stored one when NOTIFY asks for SUCCESS) is reported to the envelope
 * sender with a DSN ({@link StatusNotifier}), published with the record's other announcements.
 */
@ApplicationScoped
public class LocalDeliveryConsumer {

    private static final Logger LOG = Logger.getLogger(LocalDeliveryConsumer.class);

    /** Bad records give up at once; an unreachable store or broker is waited out. */
    static final Function<Throwable, Retrier.Failure> CLASSIFY = Retrier.classifier(UndeliverableMessage.class,
            t -> t instanceof RetriableException || StoreException.isOutage(t));

    private final RecipientExpander expander;
    private final MailboxDeliverer deliverer;
    private final BlobReader blobs;
    private final DeliveryPublisher publisher;
    private final StatusNotifier notifier;
    private final DeliveryMetrics metrics;
    private final Retrier retrier;
    private final Duration quotaRetryDelay;
    private final CountDownLatch stopping = new CountDownLatch(1);

    @Inject
    LocalDeliveryConsumer(RecipientExpander expander, MailboxDeliverer deliverer, BlobReader blobs,
            DeliveryPublisher publisher, StatusNotifier notifier, DeliveryMetrics metrics,
            @ConfigProperty(name = "mailstream.retry.first-delay", defaultValue = "1s") Duration firstDelay,
            @ConfigProperty(name = "mailstream.retry.max-delay", defaultValue = "1m") Duration maxDelay,
            @ConfigProperty(name = "mailstream.retry.budget", defaultValue = "10m") Duration budget,
            @ConfigProperty(name = "mailstream.delivery.quota-retry-delay", defaultValue = "10m")
            Duration quotaRetryDelay) {
        this.expander = expander;
        this.deliverer = deliverer;
        this.blobs = blobs;
        this.publisher = publisher;
        this.notifier = notifier;
        this.metrics = metrics;
        this.quotaRetryDelay = quotaRetryDelay;
        this.retrier = new Retrier(firstDelay, maxDelay, budget, CLASSIFY,
                (attempt, kind, e, delay) -> LOG.warnf("delivery failed (%s, attempt %d), retrying in %s: %s",
                        kind, attempt, delay, e.toString()));
    }

    void stopping(@Observes ShutdownEvent event) {
        stopping.countDown();
        retrier.stop();
    }

    /**
     * Up to {@code smallrye.messaging.worker.delivery-local.max-concurrency} records at once, as an
     * MTA runs several local deliveries: the throttled commit strategy still commits an offset only
     * when every record before it is done, and UIDs follow the order in which deliveries finish.
     */
    @Incoming("local")
    @Blocking(value = "delivery-local", ordered = false)
    public CompletionStage<Void> onLocal(Message<LocalDelivery> record) {
        return process(record);
    }

    @Incoming("deferred")
    @Blocking(value = "delivery-deferred", ordered = true)
    public CompletionStage<Void> onDeferred(Message<LocalDelivery> record) {
        Instant due = notBefore(record);
        try {
            long wait = Duration.between(Instant.now(), due).toMillis();
            if (wait > 0 && stopping.await(wait, TimeUnit.MILLISECONDS)) {
                return CompletableFuture.completedFuture(null); // stays uncommitted for the next consumer
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.completedFuture(null);
        }
        return process(record);
    }

    private CompletionStage<Void> process(Message<LocalDelivery> record) {
        LocalDelivery d = record.getPayload();
        try {
            if (d == null) {
                throw new UndeliverableMessage("not a LocalDelivery record (key " + kafkaKey(record) + ")");
            }
            RecipientExpander.Targets targets = retrier.run(() -> expander.expand(d));
            List<MailboxDeliverer.Delivery> deliveries = new ArrayList<>();
            List<MessageAccepted> forwards = new ArrayList<>();
            byte[] original = null;
            if (targets.unknown()) {
                deliveries.add(refused(d.owner(), "5.1.1", "user unknown (removed since the message was accepted)"));
            } else {
                original = retrier.run(() -> blobs.read(d));
                if (DeliveredTo.names(original, d.owner())) {
                    deliveries.add(refused(d.owner(), "5.4.6", "mail forwarding loop for " + d.owner()));
                } else {
                    deliver(d, targets, original, deliveries, forwards);
                }
            }
            List<MessageAccepted> dsns = notification(d, deliveries, original);
            Instant retryAt = Instant.now().plus(quotaRetryDelay);
            retrier.run(() -> {
                publisher.announce(d, deliveries, forwards, dsns, retryAt);
                return null;
            });
            metrics.count(d, deliveries, forwards.size());
            return record.ack();
        } catch (UndeliverableMessage | Retrier.GaveUp e) {
            metrics.failed();
            LOG.errorf("delivery of message %s to %s dead-lettered: %s", d == null ? null : d.messageId(),
                    d == null ? null : d.owner(), e.getMessage());
            publisher.traceFailure(d, e.getMessage());
            return record.nack(e);
        } catch (Retrier.Stopped e) {
            LOG.infof("stopping: delivery of message %s stays uncommitted for the next consumer", d.messageId());
            return CompletableFuture.completedFuture(null);
        }
    }

    /** One retry per account: a failure at the second account must not turn the first into a duplicate. */
    private void deliver(LocalDelivery d, RecipientExpander.Targets targets, byte[] original,
            List<MailboxDeliverer.Delivery> deliveries, List<MessageAccepted> forwards)
            throws Retrier.GaveUp, Retrier.Stopped {
        Instant now = Instant.now();
        MessageSummary summary = targets.accounts().isEmpty() ? null : MailboxDeliverer.summarize(original);
        for (String account : targets.accounts()) {
            if (DeliveredTo.names(original, account)) {
                deliveries.add(refused(account, "5.4.6", "mail forwarding loop for " + account));
            } else {
                deliveries.add(retrier.run(() -> deliverer.deliver(d, account, original, summary, now)));
            }
        }
        if (!targets.remote().isEmpty()) {
            byte[] copy = Forward.content(d, original);
            String blobId = retrier.run(() -> blobs.put(copy));
            targets.remote().forEach(target -> forwards.add(Forward.of(d, target, blobId, copy.length)));
        }
    }

    /**
     * The DSN the sender asked for about these copies, stored as a blob; none for the null sender or
     * when NOTIFY leaves their outcome out. {@code original} is null when it was not read (5.1.1).
     */
    private List<MessageAccepted> notification(LocalDelivery d, List<MailboxDeliverer.Delivery> deliveries,
            byte[] original) throws Retrier.GaveUp, Retrier.Stopped {
        Instant now = Instant.now();
        List<BounceMessage.Report> reports = notifier.reports(d, deliveries, now);
        if (reports.isEmpty()) {
            return List.of();
        }
        byte[] returned = original != null ? original : retrier.run(() -> blobs.find(d)).orElse(new byte[0]);
        StatusNotifier.Dsn dsn = notifier.build(d, reports, returned, now);
        String blobId = retrier.run(() -> blobs.put(dsn.content()));
        return List.of(notifier.message(d, dsn, blobId, now));
    }

    private static MailboxDeliverer.Delivery refused(String account, String status, String reason) {
        return new MailboxDeliverer.Delivery(MailboxDeliverer.Result.BOUNCED, account, null, 0, 0, status, reason);
    }

    private static Instant notBefore(Message<?> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getHeaders().lastHeader(DeliveryPublisher.NOT_BEFORE)).map(LocalDeliveryConsumer::millis)
                .orElse(Instant.EPOCH);
    }

    private static Instant millis(Header h) {
        try {
            return Instant.ofEpochMilli(Long.parseLong(new String(h.value(), StandardCharsets.US_ASCII).strip()));
        } catch (RuntimeException e) {
            return Instant.EPOCH; // an unreadable time: due now
        }
    }

    private static String kafkaKey(Message<?> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class).map(m -> String.valueOf(m.getKey())).orElse(null);
    }
}
