package io.mailstream.core.event;

import java.time.Instant;
import java.util.List;

/**
 * smtp-ingress published this after the raw message was stored as blob {@code blobId}. It carries
 * the envelope and a reference to the body, never the body itself (claim check).
 *
 * @param messageId   queue id assigned at acceptance, unique per accepted message
 * @param blobId      SHA-256 (hex) of the stored raw RFC 5322 bytes
 * @param size        size of the stored bytes
 * @param sender      envelope sender, empty for the null sender
 * @param recipients  envelope recipients, as given in RCPT TO
 * @param clientAddress IP address of the SMTP client
 * @param heloName    what the client said in EHLO/HELO
 * @param authUser    authenticated user, or null
 */
public record MessageAccepted(
        int schemaVersion,
        String messageId,
        String blobId,
        long size,
        String sender,
        List<String> recipients,
        Instant acceptedAt,
        String clientAddress,
        String heloName,
        String authUser) {

    public static final int SCHEMA_VERSION = 1;

    public MessageAccepted {
        recipients = List.copyOf(recipients);
        sender = sender == null ? "" : sender;
    }
}
