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

    /**
     * The octets of live message {@code number}, or empty after logging why (the blob is gone: a
     * store inconsistency). {@code keep}: see {@link io.mailstream.mailbox.pop3.ReadAhead#octets}.
     */
    static Optional<byte[]> read(Pop3Session session, int number, StoredMessage message, boolean keep) {
        Optional<byte[]> raw = session.readAhead().octets(session.maildrop(), number, keep);
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
