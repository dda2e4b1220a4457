package io.mailstream.store.summary;

/**
 * One address of an IMAP ENVELOPE (RFC 3501 7.4.2): display name (encoded words kept, the client
 * decodes them), source route, mailbox and host; any component may be null (NIL). A group is a
 * start marker (mailbox = group name, host = null) and an end marker (all null).
 */
public record EnvelopeAddress(String name, String adl, String mailbox, String host) {
}
