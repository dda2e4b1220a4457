package io.mailstream.relay;

import io.mailstream.core.Retrier;
import io.mailstream.core.event.MessageAccepted;
import io.mailstream.store.Directory;
import io.mailstream.store.StoreException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.DeserializationFailureHandler;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Provider;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import org.apache.kafka.common.errors.RetriableException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes {@code mail.inbound}: routes each accepted message and commits its offset only after
 * every outgoing record is acknowledged by Kafka.
 *
 * <p>Failures: a record that cannot be read or lacks required fields is nacked at once and lands on
 * {@code mail.inbound.dlq} with the reason. A directory or broker outage is retried with backoff for
 * as long as it lasts, holding the record (and those after it) uncommitted. Anything else is retried
 * for {@code mailstream.retry.budget}, then dead-lettered. A retried record may be published to
 * {@code mail.local} twice; delivery is idempotent per message and owner.
 */
@ApplicationScoped
public class InboundConsumer {

    private static final Logger LOG = Logger.getLogger(InboundConsumer.class);

    /** Bad records give up at once; an unreachable store or broker is waited out. */
    static final Function<Throwable, Retrier.Failure> CLASSIFY = Retrier.classifier(UnroutableMessage.class,
            t -> t instanceof RetriableException || StoreException.isOutage(t));

    private final RecipientRouter router;
    private final RoutePublisher publisher;
    private final Retrier retrier;
    private final Counter routedLocal;
    private final Counter routedRemote;

    @Inject
    InboundConsumer(Provider<Directory> directory, RoutePublisher publisher, MeterRegistry registry,
            @ConfigProperty(name = "mailstream.retry.first-delay", defaultValue = "1s") Duration firstDelay,
            @ConfigProperty(name = "mailstream.retry.max-delay", defaultValue = "1m") Duration maxDelay,
            @ConfigProperty(name = "mailstream.retry.budget", defaultValue = "10m") Duration budget) {
        // The directory is looked up per call: creating it may touch MongoDB, and that belongs
        // inside the retry below, not in the creation of this consumer.
        this.router = new RecipientRouter(domain -> directory.get().isLocalDomain(domain));
        this.publisher = publisher;
        this.retrier = new Retrier(firstDelay, maxDelay, budget, CLASSIFY,
                (attempt, kind, e, delay) -> LOG.warnf("routing failed (%s, attempt %d), retrying in %s: %s",
                        kind, attempt, delay, e.toString()));
        this.routedLocal = routed(registry, "local");
        this.routedRemote = routed(registry, "remote");
    }

    private static Counter routed(MeterRegistry registry, String destination) {
        return Counter.builder("mailstream.relay.routed").description("Recipients routed, by destination")
                .tag("destination", destination).register(registry);
    }

    void stopping(@Observes ShutdownEvent event) {
        retrier.stop();
    }

    /** Several records at once ({@code relay-inbound} workers): messages are independent of each other. */
    @Incoming("inbound")
    @Blocking(value = "relay-inbound", ordered = false)
    public CompletionStage<Void> onInbound(Message<MessageAccepted> record) {
        MessageAccepted accepted = record.getPayload();
        String messageId = accepted != null ? accepted.messageId() : kafkaKey(record);
        try {
            Routes routes = retrier.run(() -> {
                if (accepted == null) {
                    throw new UnroutableMessage("not a MessageAccepted record: " + deserializationFailure(record));
                }
                Routes r = router.route(accepted);
                publisher.publish(accepted, r);
                return r;
            });
            routedLocal.increment(routes.local().size());
            routedRemote.increment(routes.remoteRecipients());
            LOG.debugf("message %s: %d local, %d remote, %d unroutable", messageId, routes.local().size(),
                    routes.remoteRecipients(), routes.unroutable().size());
            return record.ack();
        } catch (Retrier.GaveUp e) {
            LOG.errorf("message %s dead-lettered after %d attempt(s): %s", messageId, e.attempts(), e.getMessage());
            publisher.traceFailure(messageId, e.getMessage());
            return record.nack(e);
        } catch (Retrier.Stopped e) {
            LOG.infof("stopping: message %s stays uncommitted for the next consumer", messageId);
            return CompletableFuture.completedFuture(null);
        }
    }

    private static String kafkaKey(Message<?> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class).map(m -> (String) m.getKey()).orElse(null);
    }

    /** The reason SmallRye recorded when the value could not be deserialized. */
    private static String deserializationFailure(Message<?> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getHeaders().lastHeader(DeserializationFailureHandler.DESERIALIZATION_FAILURE_REASON))
                .map(h -> new String(h.value(), StandardCharsets.UTF_8))
                .orElse("empty value");
    }
}
