package io.mailstream.mailbox.pop3.command;

import io.mailstream.mailbox.pop3.Pop3Reply;
import io.mailstream.mailbox.pop3.Pop3Session;
import io.mailstream.store.StoredMessage;

import java.util.Optional;

import org.jboss.logging.Logger;

/** Reads a message's stored octets for RETR and TOP. */
final class MessageOctets {

    private static final Logger LOG = Logger.getLogger(MessageOctets.class);

    private MessageOctets() {
    }

    /** The octets, or empty after logging why (the blob is gone: a store inconsistency). */
    static Optional<byte[]> read(Pop3Session session, StoredMessage message) {
        Optional<byte[]> raw = session.service().read(message.blobId());
        if (raw.isEmpty()) {
            LOG.errorf("pop3 %s: blob %s of message %s is missing", session.sessionId(), message.blobId(),
                    message.id());
        }
        return raw;
    }

    static Pop3Reply unavailable(int number) {
        return Pop3Reply.err("[SYS/PERM] message " + number + " cannot be read");
    }
}
