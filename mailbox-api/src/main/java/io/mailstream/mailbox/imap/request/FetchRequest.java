package io.mailstream.mailbox.imap.request;

import java.util.List;

/** FETCH or UID FETCH: which messages, and which data items of each. */
public record FetchRequest(String tag, boolean uid, SequenceSet set, List<FetchItem> items) implements ImapRequest {

    public FetchRequest {
        items = List.copyOf(items);
    }

    @Override
    public String command() {
        return uid ? "UID FETCH" : "FETCH";
    }

    @Override
    public boolean allowsExpungeResponses() {
        return uid;
    }
}
