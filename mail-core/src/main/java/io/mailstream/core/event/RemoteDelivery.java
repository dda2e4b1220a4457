package io.mailstream.core.event;

import java.time.Instant;
import java.util.List;

/**
 * relay-service queued the remote recipients of one accepted message, grouped by destination
 * domain, for outbound SMTP delivery. Keyed by domain so that one slow domain stays on its
 * partition.
 *
 * @param smtpUtf8     the message was accepted with SMTPUTF8 and may need it downstream
 * @param dsnRet       DSN RET of the message ({@code FULL}, {@code HDRS}) or null
 * @param dsnEnvid     DSN ENVID (xtext as sent) or null
 * @param recipientDsn DSN NOTIFY/ORCPT of those {@link #recipients} that had any, by the address in recipients
 */
public record RemoteDelivery(
        int schemaVersion,
        String messageId,
        String blobId,
        long size,
        String sender,
        String domain,
        List<String> recipients,
        Instant acceptedAt,
        boolean smtpUtf8,
        String dsnRet,
        String dsnEnvid,
        List<MessageAccepted.RecipientDsn> recipientDsn) {

    public static final int SCHEMA_VERSION = 1;

    public RemoteDelivery {
        recipients = List.copyOf(recipients);
        recipientDsn = recipientDsn == null ? List.of() : List.copyOf(recipientDsn);
    }

    /** Without SMTPUTF8 and DSN data (the form before those fields existed). */
    public RemoteDelivery(int schemaVersion, String messageId, String blobId, long size, String sender, String domain,
            List<String> recipients, Instant acceptedAt) {
        this(schemaVersion, messageId, blobId, size, sender, domain, recipients, acceptedAt, false, null, null,
                List.of());
    }
}
