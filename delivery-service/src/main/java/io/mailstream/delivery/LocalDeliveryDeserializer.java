package io.mailstream.delivery;

import io.mailstream.core.event.LocalDelivery;
import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;

/** Reads {@code mail.local} records (JSON). */
public class LocalDeliveryDeserializer extends ObjectMapperDeserializer<LocalDelivery> {
    public LocalDeliveryDeserializer() {
        super(LocalDelivery.class);
    }
}
