package io.mailstream.relay;

import io.mailstream.core.event.MessageAccepted;
import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;

/** Reads {@code mail.inbound} records (JSON). */
public class MessageAcceptedDeserializer extends ObjectMapperDeserializer<MessageAccepted> {
    public MessageAcceptedDeserializer() {
        super(MessageAccepted.class);
    }
}
