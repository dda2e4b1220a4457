package io.mailstream.core.event;

import java.time.Instant;

/**
 * relay-service routed one recipient of an accepted message to a local mailbox. The Kafka key is
 * the mailbox owner so that one user's mail is delivered in order.
 *
 * @param recipient the envelope recipient as the sender wrote it
 * @param owner     the account key (case-folded address) whose mailbox receives it
 */
public record LocalDelivery(
        int schemaVersion,
        String messageId,
        String blobId,
        long size,
        String sender,
        String recipient,
        String owner,
        Instant acceptedAt) {

    public static final int SCHEMA_VERSION = 1;

    /** The idempotency key of this delivery: one message, one owner, stored at most once. */
    public String deliveryId() {
        return messageId + "/" + owner;
    }
}
