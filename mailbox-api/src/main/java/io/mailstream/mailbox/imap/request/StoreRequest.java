package io.mailstream.mailbox.imap.request;

import java.util.List;

/**
 * STORE or UID STORE: FLAGS, +FLAGS or -FLAGS, optionally .SILENT.
 *
 * @param unchangedSince the UNCHANGEDSINCE modifier (RFC 7162), or -1
 */
public record StoreRequest(String tag, boolean uid, SequenceSet set, Mode mode, boolean silent, List<String> flags,
        long unchangedSince) implements ImapRequest {

    public enum Mode { REPLACE, ADD, REMOVE }

    public StoreRequest {
        flags = List.copyOf(flags);
    }

    @Override
    public String command() {
        return uid ? "UID STORE" : "STORE";
    }

    @Override
    public boolean allowsExpungeResponses() {
        return uid;
    }
}
