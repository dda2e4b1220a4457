package io.mailstream.core.event;

import java.time.Instant;

/**
 * One step in the life of a message, published to {@code mail.events} so that an operator can
 * answer "where is my mail?" by message id.
 *
 * @param recipient the recipient the step concerns, or null when it concerns the whole message
 * @param detail    free text: the SMTP reply, the mailbox, the reason
 */
public record MailEvent(
        int schemaVersion,
        String messageId,
        Type type,
        String recipient,
        String service,
        String detail,
        Instant at) {

    public static final int SCHEMA_VERSION = 1;

    public enum Type { ACCEPTED, ROUTED_LOCAL, ROUTED_REMOTE, ATTEMPTED, DEFERRED, DELIVERED, BOUNCED, FAILED }

    public static MailEvent of(String messageId, Type type, String recipient, String service, String detail) {
        return new MailEvent(SCHEMA_VERSION, messageId, type, recipient, service, detail, Instant.now());
    }
}
