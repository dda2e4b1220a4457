package io.mailstream.delivery;

import io.mailstream.core.event.LocalDelivery;
import io.mailstream.core.event.MailEvent;
import io.mailstream.core.event.MailboxChanged;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Announces a delivery: {@code mailbox.changes} for IMAP IDLE (keyed by owner) and the trace event
 * on {@code mail.events} (keyed by message id). Returns once Kafka has acknowledged both.
 */
@ApplicationScoped
public class DeliveryPublisher {

    static final String SERVICE = "delivery-service";
    /** Longer than the producer's delivery.timeout.ms (2 min), which fails a send first. */
    private static final Duration SEND_TIMEOUT = Duration.ofMinutes(3);
    private static final Logger LOG = Logger.getLogger(DeliveryPublisher.class);

    @Inject
    @Channel("changes")
    MutinyEmitter<MailboxChanged> changes;

    @Inject
    @Channel("events")
    MutinyEmitter<MailEvent> events;

    public void announce(LocalDelivery d, MailboxDeliverer.Delivery delivery) {
        String mailbox = delivery.mailbox().name();
        if (delivery.result() == MailboxDeliverer.Result.DUPLICATE) {
            // The first attempt stored it; its announcement may have been lost with that attempt.
            event(d, MailEvent.Type.DELIVERED, "already in " + mailbox + " of " + d.owner() + " (redelivered record)")
                    .await().atMost(SEND_TIMEOUT);
            return;
        }
        MailboxChanged changed = new MailboxChanged(MailboxChanged.SCHEMA_VERSION, d.owner(), delivery.mailbox().id(),
                mailbox, MailboxChanged.Kind.APPENDED, delivery.uid(), delivery.modSeq());
        Uni.join().all(
                changes.sendMessage(keyed(d.owner(), changed)),
                event(d, MailEvent.Type.DELIVERED, mailbox + " of " + d.owner() + ", uid " + delivery.uid()))
                .andFailFast().await().atMost(SEND_TIMEOUT);
    }

    /** Records on the trace that a delivery was dead-lettered; best effort, never throws. */
    public void traceFailure(LocalDelivery d, String reason) {
        if (d == null || d.messageId() == null) {
            return;
        }
        try {
            event(d, MailEvent.Type.FAILED, "dead-lettered to mail.local.dlq: " + reason).await()
                    .atMost(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            LOG.warnf("could not trace the failure of message %s: %s", d.messageId(), e.toString());
        }
    }

    private Uni<Void> event(LocalDelivery d, MailEvent.Type type, String detail) {
        return events.sendMessage(keyed(d.messageId(),
                MailEvent.of(d.messageId(), type, d.recipient(), SERVICE, detail)));
    }

    private static <T> Message<T> keyed(String key, T payload) {
        return Message.of(payload).addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build());
    }
}
