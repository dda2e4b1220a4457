package io.mailstream.mailbox.imap.request;

/**
 * A command on one mailbox name as the client wrote it: CREATE (with an optional RFC 6154 USE
 * attribute), DELETE, SUBSCRIBE, UNSUBSCRIBE.
 *
 * @param specialUse for CREATE (USE (\Sent)): the attribute, else null
 */
public record MailboxRequest(String tag, String command, String mailbox, String specialUse) implements ImapRequest {
}
