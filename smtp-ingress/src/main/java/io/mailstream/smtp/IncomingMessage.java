package io.mailstream.smtp;

import io.mailstream.core.Envelope;

import java.time.Instant;

/**
 * A message at the end of DATA, ready to be made durable.
 *
 * @param content the raw message as it will be stored: our Received header, then the client's bytes
 */
public record IncomingMessage(String queueId, Envelope envelope, byte[] content, String clientAddress,
        String heloName, Instant receivedAt) {
}
