package io.mailstream.mailbox.imap.request;

/** LOGIN user password. */
public record LoginRequest(String tag, String user, String password) implements ImapRequest {

    @Override
    public String command() {
        return "LOGIN";
    }

    @Override
    public String toString() {
        return "LoginRequest[tag=" + tag + ", user=" + user + ", password=***]";
    }
}
