package io.mailstream.relay.outbound;

import io.mailstream.core.event.MailEvent;
import io.mailstream.core.event.MessageAccepted;
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

/**
 * Publishes what outbound delivery did: trace events to {@code mail.events} and bounces (DSNs) as
 * new accepted messages to {@code mail.inbound}. Returns once Kafka acknowledged every record, so
 * the queue entry is updated only after its events and bounces are durable.
 */
@ApplicationScoped
public class OutboundPublisher {

    static final String SERVICE = "relay-service";
    private static final Duration SEND_TIMEOUT = Duration.ofMinutes(3);

    @Inject
    @Channel("events")
    MutinyEmitter<MailEvent> events;

    @Inject
    @Channel("bounces")
    MutinyEmitter<MessageAccepted> bounces;

    public void publish(List<MailEvent> trace, List<MessageAccepted> dsns) {
        List<Uni<Void>> sends = new ArrayList<>();
        trace.forEach(e -> sends.add(events.sendMessage(keyed(e.messageId(), e))));
        dsns.forEach(d -> sends.add(bounces.sendMessage(keyed(d.messageId(), d))));
        if (!sends.isEmpty()) {
            Uni.join().all(sends).andFailFast().await().atMost(SEND_TIMEOUT);
        }
    }

    public static MailEvent event(String messageId, MailEvent.Type type, String recipient, String detail) {
        return MailEvent.of(messageId, type, recipient, SERVICE, detail);
    }

    private static <T> Message<T> keyed(String key, T payload) {
        return Message.of(payload).addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build());
    }
}
