package io.mailstream.core.event;

/**
 * A mailbox changed: delivery-service stored a message, or an IMAP/POP3 session changed flags or
 * expunged. mailbox-api instances push these to their IDLE sessions.
 */
public record MailboxChanged(
        int schemaVersion,
        String owner,
        String mailboxId,
        String mailboxName,
        Kind kind,
        long uid,
        long modSeq) {

    public static final int SCHEMA_VERSION = 1;

    public enum Kind { APPENDED, FLAGS, EXPUNGED }
}
