package io.mailstream.mailbox.access;

import io.mailstream.core.event.MailboxChanged;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Wires {@link MailboxChanges} to the outgoing channel {@code changesout} (mailbox.changes, keyed by owner). */
public class MailboxChangesProducer {

    @Produces
    @Singleton
    MailboxChanges mailboxChanges(@Channel("changesout") MutinyEmitter<MailboxChanged> emitter) {
        return new MailboxChanges(event -> emitter.sendMessageAndForget(Message.of(event)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(event.owner()).build())));
    }
}
