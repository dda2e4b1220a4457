package io.mailstream.relay.trace;

import io.mailstream.core.Retrier;
import io.mailstream.core.event.MailEvent;
import io.mailstream.relay.UnroutableMessage;
import io.mailstream.store.StoreException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Copies {@code mail.events} into the {@code trace} collection (its own consumer group, so the
 * trace never holds up mail). An outage of the store is waited out; an unreadable event is
 * skipped with a warning: the trace is a view, not mail.
 */
@ApplicationScoped
public class TraceConsumer {

    private static final Logger LOG = Logger.getLogger(TraceConsumer.class);

    private final TraceStore store;
    private final Retrier retrier;
    private final Duration retention;

    @Inject
    TraceConsumer(TraceStore store,
            @ConfigProperty(name = "mailstream.relay.trace-retention", defaultValue = "30d") Duration retention) {
        this.store = store;
        this.retention = retention;
        this.retrier = new Retrier(Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofMinutes(10),
                Retrier.classifier(UnroutableMessage.class, StoreException::isOutage),
                (attempt, kind, e, delay) -> LOG.warnf("trace write failed (%s, attempt %d), retrying in %s: %s",
                        kind, attempt, delay, e));
    }

    void start(@Observes StartupEvent event) {
        try {
            store.ensureIndexes(retention);
        } catch (RuntimeException e) {
            LOG.warnf("trace indexes not created: %s", e.toString());
        }
    }

    void stopping(@Observes ShutdownEvent event) {
        retrier.stop();
    }

    /**
     * Each poll's events in one bulk write (one store round trip for up to {@code max.poll.records}
     * events instead of one each). Batches run several at once: a trace is read back sorted by the
     * time of each event, not by arrival.
     */
    @Incoming("trace")
    @Blocking(value = "relay-trace", ordered = false)
    public CompletionStage<Void> onEvents(KafkaRecordBatch<String, MailEvent> batch) {
        List<TraceStore.Entry> entries = new ArrayList<>();
        for (KafkaRecord<String, MailEvent> record : batch) {
            MailEvent e = record.getPayload();
            String id = record.getMetadata(IncomingKafkaRecordMetadata.class)
                    .map(m -> m.getPartition() + ":" + m.getOffset()).orElse(null);
            if (e == null || e.messageId() == null || id == null) {
                LOG.warnf("trace: skipped an unreadable event record %s", id);
            } else {
                entries.add(new TraceStore.Entry(id, e));
            }
        }
        try {
            retrier.run(() -> {
                store.recordAll(entries);
                return null;
            });
            return batch.ack();
        } catch (Retrier.GaveUp failed) {
            LOG.errorf("trace: %d events not recorded: %s", entries.size(), failed.getMessage());
            return batch.ack();
        } catch (Retrier.Stopped stopped) {
            return CompletableFuture.completedFuture(null);
        }
    }
}
