package io.mailstream.mailbox.imap.request;

/** LIST reference pattern. */
public record ListRequest(String tag, String reference, String pattern) implements ImapRequest {

    @Override
    public String command() {
        return "LIST";
    }
}
