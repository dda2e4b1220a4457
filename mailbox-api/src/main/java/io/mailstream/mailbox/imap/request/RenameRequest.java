package io.mailstream.mailbox.imap.request;

/** RENAME from to, names as the client wrote them. */
public record RenameRequest(String tag, String from, String to) implements ImapRequest {

    @Override
    public String command() {
        return "RENAME";
    }
}
