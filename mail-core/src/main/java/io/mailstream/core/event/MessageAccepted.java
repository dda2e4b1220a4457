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
 * @param smtpUtf8    the client sent MAIL FROM with SMTPUTF8 (RFC 6531): addresses may be UTF-8
 * @param dsnRet      DSN RET parameter (RFC 3461): {@code FULL}, {@code HDRS}, or null
 * @param dsnEnvid    DSN ENVID parameter, still xtext-encoded as sent, or null
 * @param recipientDsn DSN NOTIFY/ORCPT per recipient that carried either (empty when none did)
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
        String authUser,
        boolean smtpUtf8,
        String dsnRet,
        String dsnEnvid,
        List<RecipientDsn> recipientDsn) {

    public static final int SCHEMA_VERSION = 1;

    public MessageAccepted {
        recipients = List.copyOf(recipients);
        sender = sender == null ? "" : sender;
        recipientDsn = recipientDsn == null ? List.of() : List.copyOf(recipientDsn);
    }

    /** Without SMTPUTF8 and DSN data (the form before those fields existed). */
    public MessageAccepted(int schemaVersion, String messageId, String blobId, long size, String sender,
            List<String> recipients, Instant acceptedAt, String clientAddress, String heloName, String authUser) {
        this(schemaVersion, messageId, blobId, size, sender, recipients, acceptedAt, clientAddress, heloName, authUser,
                false, null, null, List.of());
    }

    /**
     * RFC 3461 parameters of one RCPT TO, for the relay to honour.
     *
     * @param recipient the recipient as in {@link #recipients()}
     * @param notifyOn  NOTIFY: {@code NEVER}, or a comma list of {@code SUCCESS}, {@code FAILURE}, {@code DELAY}; null if absent
     * @param orcpt     the ORCPT value as sent ({@code addr-type;xtext}), or null
     */
    public record RecipientDsn(String recipient, String notifyOn, String orcpt) {
    }
}
