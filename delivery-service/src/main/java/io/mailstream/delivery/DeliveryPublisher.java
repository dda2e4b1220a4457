package io.mailstream.delivery;

import io.mailstream.core.event.LocalDelivery;
import io.mailstream.core.event.MailEvent;
import io.mailstream.core.event.MailboxChanged;
import io.mailstream.core.event.MessageAccepted;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Announces what became of one {@code LocalDelivery}: per stored copy {@code mailbox.changes} for
 * IMAP IDLE (keyed by account) and a trace event on {@code mail.events} (keyed by message id);
 * deferred copies re-queued on {@code mail.local.deferred} with a {@code not-before} header;
 * forwards and DSNs to the sender on {@code mail.inbound}. Returns once Kafka has acknowledged all of it.
 */
@ApplicationScoped
public class DeliveryPublisher {

    static final String SERVICE = "delivery-service";
    /** Kafka header of a deferred record: epoch milliseconds before which it is not retried. */
    static final String NOT_BEFORE = "not-before";
    /** Longer than the producer's delivery.timeout.ms (2 min), which fails a send first. */
    private static final Duration SEND_TIMEOUT = Duration.ofMinutes(3);
    private static final Logger LOG = Logger.getLogger(DeliveryPublisher.class);

    @Inject
    @Channel("changes")
    MutinyEmitter<MailboxChanged> changes;

    @Inject
    @Channel("events")
    MutinyEmitter<MailEvent> events;

    @Inject
    @Channel("deferrals")
    MutinyEmitter<LocalDelivery> deferrals;

    @Inject
    @Channel("forwards")
    MutinyEmitter<MessageAccepted> forwards;

    @Inject
    @Channel("bounces")
    MutinyEmitter<MessageAccepted> bounces;

    /** @param dsns the DSN to the sender about these deliveries (at most one), see {@link StatusNotifier} */
    public void announce(LocalDelivery d, List<MailboxDeliverer.Delivery> deliveries, List<MessageAccepted> forwarded,
            List<MessageAccepted> dsns, Instant retryAt) {
        List<Uni<Void>> sends = new ArrayList<>();
        String why = StatusNotifier.whyNone(d);
        String dsnNote = why != null || dsns.isEmpty() ? why
                : "DSN " + dsns.get(0).messageId() + " to <" + d.sender() + ">";
        for (MailboxDeliverer.Delivery delivery : deliveries) {
            String where = delivery.mailbox() == null ? null : delivery.mailbox().name() + " of " + delivery.account();
            switch (delivery.result()) {
                case STORED -> {
                    sends.add(changes.sendMessage(keyed(delivery.account(), new MailboxChanged(
                            MailboxChanged.SCHEMA_VERSION, delivery.account(), delivery.mailbox().id(),
                            delivery.mailbox().name(), MailboxChanged.Kind.APPENDED, delivery.uid(),
                            delivery.modSeq()))));
                    sends.add(event(d, MailEvent.Type.DELIVERED, where + ", uid " + delivery.uid()));
                }
                // The first attempt stored it; its announcement may have been lost with that attempt.
                case DUPLICATE -> sends.add(event(d, MailEvent.Type.DELIVERED, "already in " + where
                        + " (redelivered record)"));
                case DEFERRED -> {
                    LocalDelivery retry = d.forOwner(delivery.account());
                    RecordHeaders headers = new RecordHeaders();
                    headers.add(NOT_BEFORE, Long.toString(retryAt.toEpochMilli()).getBytes(StandardCharsets.US_ASCII));
                    sends.add(deferrals.sendMessage(Message.of(retry).addMetadata(OutgoingKafkaRecordMetadata
                            .<String>builder().withKey(delivery.account()).withHeaders(headers).build())));
                    sends.add(event(d, MailEvent.Type.DEFERRED, delivery.status() + " " + delivery.account() + ": "
                            + delivery.reason() + "; next attempt " + retryAt));
                }
                case BOUNCED -> sends.add(event(d, MailEvent.Type.BOUNCED, delivery.status() + " "
                        + delivery.account() + ": " + delivery.reason() + (dsnNote == null ? "" : "; " + dsnNote)));
            }
        }
        for (MessageAccepted copy : forwarded) {
            sends.add(forwards.sendMessage(keyed(copy.messageId(), copy)));
            sends.add(event(d, MailEvent.Type.ROUTED_REMOTE, "forwarded by " + d.owner() + " to "
                    + copy.recipients().get(0) + " as message " + copy.messageId()));
        }
        for (MessageAccepted dsn : dsns) {
            sends.add(bounces.sendMessage(keyed(dsn.messageId(), dsn)));
        }
        if (!sends.isEmpty()) {
            Uni.join().all(sends).andFailFast().await().atMost(SEND_TIMEOUT);
        }
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
