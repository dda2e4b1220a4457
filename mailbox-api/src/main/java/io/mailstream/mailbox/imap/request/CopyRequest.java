package io.mailstream.mailbox.imap.request;

/** COPY, UID COPY, MOVE, UID MOVE: messages to a mailbox (name as the client wrote it). */
public record CopyRequest(String tag, boolean uid, boolean move, SequenceSet set, String mailbox)
        implements ImapRequest {

    @Override
    public String command() {
        return (uid ? "UID " : "") + (move ? "MOVE" : "COPY");
    }

    /** A MOVE by sequence number announces its expunges itself; they may not come from elsewhere. */
    @Override
    public boolean allowsExpungeResponses() {
        return uid || !move;
    }
}
