package io.mailstream.mailbox.imap.request;

/** UID EXPUNGE uid-set (RFC 4315): expunge only the \Deleted messages among these UIDs. */
public record UidExpungeRequest(String tag, SequenceSet set) implements ImapRequest {

    @Override
    public String command() {
        return "UID EXPUNGE";
    }
}
