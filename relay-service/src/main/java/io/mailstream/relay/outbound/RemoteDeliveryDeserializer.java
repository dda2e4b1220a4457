package io.mailstream.relay.outbound;

import io.mailstream.core.event.RemoteDelivery;
import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;

/** Reads {@code mail.remote} records (JSON). */
public class RemoteDeliveryDeserializer extends ObjectMapperDeserializer<RemoteDelivery> {
    public RemoteDeliveryDeserializer() {
        super(RemoteDelivery.class);
    }
}
