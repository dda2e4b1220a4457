package io.mailstream.mailbox.imap.request;

/** SELECT (read-write) or EXAMINE (read-only) of a mailbox. */
public record SelectRequest(String tag, String mailbox, boolean readOnly) implements ImapRequest {

    @Override
    public String command() {
        return readOnly ? "EXAMINE" : "SELECT";
    }
}
