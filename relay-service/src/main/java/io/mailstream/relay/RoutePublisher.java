package io.mailstream.relay;

import io.mailstream.core.event.LocalDelivery;
import io.mailstream.core.event.MailEvent;
import io.mailstream.core.event.MessageAccepted;
import io.mailstream.core.event.RemoteDelivery;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Publishes the routes of a message and their trace events. The producers run with
 * {@code acks=all}, and {@link #publish} returns only when Kafka has acknowledged every record,
 * which is what allows the inbound record to be committed afterwards.
 */
@ApplicationScoped
public class RoutePublisher {

    static final String SERVICE = "relay-service";
    /** Longer than the producer's delivery.timeout.ms (2 min), which fails a send first. */
    private static final Duration SEND_TIMEOUT = Duration.ofMinutes(3);
    private static final Logger LOG = Logger.getLogger(RoutePublisher.class);

    @Inject
    @Channel("local")
    MutinyEmitter<LocalDelivery> local;

    /* One record per domain; the outbound RemoteConsumer of this service delivers them. */
    @Inject
    @Channel("remote")
    MutinyEmitter<RemoteDelivery> remote;

    @Inject
    @Channel("events")
    MutinyEmitter<MailEvent> events;

    public void publish(MessageAccepted m, Routes routes) {
        String id = m.messageId();
        List<Uni<Void>> sends = new ArrayList<>();
        for (LocalDelivery d : routes.local()) {
            sends.add(local.sendMessage(keyed(d.owner(), d)));
            sends.add(event(id, MailEvent.Type.ROUTED_LOCAL, d.recipient(), "to mailbox of " + d.owner()));
        }
        for (RemoteDelivery d : routes.remote()) {
            sends.add(remote.sendMessage(keyed(d.domain(), d)));
            for (String recipient : d.recipients()) {
                sends.add(event(id, MailEvent.Type.ROUTED_REMOTE, recipient, "queued for " + d.domain()));
            }
        }
        for (Routes.Unroutable u : routes.unroutable()) {
            sends.add(event(id, MailEvent.Type.FAILED, u.recipient(), "unroutable recipient: " + u.reason()));
        }
        if (!sends.isEmpty()) {
            Uni.join().all(sends).andFailFast().await().atMost(SEND_TIMEOUT);
        }
    }

    /** Records on the trace that a message was dead-lettered; best effort, never throws. */
    public void traceFailure(String messageId, String reason) {
        if (messageId == null) {
            return;
        }
        try {
            event(messageId, MailEvent.Type.FAILED, null, "dead-lettered to mail.inbound.dlq: " + reason)
                    .await().atMost(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            LOG.warnf("could not trace the failure of message %s: %s", messageId, e.toString());
        }
    }

    private Uni<Void> event(String messageId, MailEvent.Type type, String recipient, String detail) {
        return events.sendMessage(keyed(messageId, MailEvent.of(messageId, type, recipient, SERVICE, detail)));
    }

    static <T> Message<T> keyed(String key, T payload) {
        return Message.of(payload).addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build());
    }
}
