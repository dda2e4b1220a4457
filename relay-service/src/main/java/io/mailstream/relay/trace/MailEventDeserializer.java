package io.mailstream.relay.trace;

import io.mailstream.core.event.MailEvent;
import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;

/** Reads {@code mail.events} records (JSON). */
public class MailEventDeserializer extends ObjectMapperDeserializer<MailEvent> {
    public MailEventDeserializer() {
        super(MailEvent.class);
    }
}
