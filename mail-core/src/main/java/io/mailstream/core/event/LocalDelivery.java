package io.mailstream.core.event;

import java.time.Instant;

/**
 * relay-service routed one recipient of an accepted message to a local mailbox. The Kafka key is
 * the mailbox owner so that one user's mail is delivered in order.
 *
 * @param recipient the envelope recipient as the sender wrote it
 * @param owner     the account key (case-folded address) whose mailbox receives it
 * @param dsnRet    DSN RET of the message (RFC 3461): {@code FULL}, {@code HDRS}, or null
 * @param dsnEnvid  DSN ENVID of the message, still xtext-encoded, or null
 * @param notifyOn  DSN NOTIFY of this recipient ({@code NEVER} or a list of {@code SUCCESS,FAILURE,DELAY}), or null
 * @param orcpt     DSN ORCPT of this recipient as sent ({@code addr-type;xtext}), or null
 */
public record LocalDelivery(
        int schemaVersion,
        String messageId,
        String blobId,
        long size,
        String sender,
        String recipient,
        String owner,
        Instant acceptedAt,
        String dsnRet,
        String dsnEnvid,
        String notifyOn,
        String orcpt) {

    public static final int SCHEMA_VERSION = 1;

    /** Without DSN parameters (the form before those fields existed; a record without them reads as this). */
    public LocalDelivery(int schemaVersion, String messageId, String blobId, long size, String sender, String recipient,
            String owner, Instant acceptedAt) {
        this(schemaVersion, messageId, blobId, size, sender, recipient, owner, acceptedAt, null, null, null, null);
    }

    /** The idempotency key of this delivery: one message, one owner, stored at most once. */
    public String deliveryId() {
        return messageId + "/" + owner;
    }

    /** The same delivery for another account (a deferred copy of one alias target), DSN parameters kept. */
    public LocalDelivery forOwner(String account) {
        return new LocalDelivery(schemaVersion, messageId, blobId, size, sender, recipient, account, acceptedAt, dsnRet,
                dsnEnvid, notifyOn, orcpt);
    }
}
