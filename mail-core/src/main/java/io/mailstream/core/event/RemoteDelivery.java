package io.mailstream.core.event;

import java.time.Instant;
import java.util.List;

/**
 * relay-service queued the remote recipients of one accepted message, grouped by destination
 * domain, for outbound SMTP delivery. Keyed by domain so that one slow domain stays on its
 * partition.
 */
public record RemoteDelivery(
        int schemaVersion,
        String messageId,
        String blobId,
        long size,
        String sender,
        String domain,
        List<String> recipients,
        Instant acceptedAt) {

    public static final int SCHEMA_VERSION = 1;

    public RemoteDelivery {
        recipients = List.copyOf(recipients);
    }
}
