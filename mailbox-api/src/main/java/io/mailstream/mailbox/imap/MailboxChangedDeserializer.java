package io.mailstream.mailbox.imap;

import io.mailstream.core.event.MailboxChanged;
import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;

/** JSON of {@code mailbox.changes} records. */
public class MailboxChangedDeserializer extends ObjectMapperDeserializer<MailboxChanged> {

    public MailboxChangedDeserializer() {
        super(MailboxChanged.class);
    }
}
