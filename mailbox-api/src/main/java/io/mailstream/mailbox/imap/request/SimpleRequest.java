package io.mailstream.mailbox.imap.request;

/** A command without arguments: CAPABILITY, NOOP, LOGOUT, CHECK, CLOSE, UNSELECT, EXPUNGE. */
public record SimpleRequest(String tag, String command) implements ImapRequest {
}
