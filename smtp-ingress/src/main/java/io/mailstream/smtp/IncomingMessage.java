package io.mailstream.smtp;

import io.mailstream.core.Envelope;
import io.mailstream.core.event.MessageAccepted.RecipientDsn;

import java.time.Instant;
import java.util.List;

/**
 * A message at the end of DATA (or BDAT LAST), ready to be made durable.
 *
 * @param content      the raw message as it will be stored: our Received header, then the client's bytes
 * @param authUser     the account the client authenticated as, or null
 * @param options      SMTPUTF8 and DSN RET/ENVID from MAIL FROM
 * @param recipientDsn DSN NOTIFY/ORCPT of the recipients that gave them
 */
public record IncomingMessage(String queueId, Envelope envelope, byte[] content, String clientAddress,
        String heloName, Instant receivedAt, String authUser, Transaction.Options options,
        List<RecipientDsn> recipientDsn) {

    public IncomingMessage {
        options = options == null ? Transaction.Options.NONE : options;
        recipientDsn = recipientDsn == null ? List.of() : List.copyOf(recipientDsn);
    }

    /** Unauthenticated, without SMTPUTF8 or DSN. */
    public IncomingMessage(String queueId, Envelope envelope, byte[] content, String clientAddress, String heloName,
            Instant receivedAt) {
        this(queueId, envelope, content, clientAddress, heloName, receivedAt, null, Transaction.Options.NONE, List.of());
    }
}
