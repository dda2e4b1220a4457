package io.mailstream.mailbox.imap.request;

import java.util.List;

/**
 * FETCH or UID FETCH: which messages, and which data items of each.
 *
 * @param changedSince CHANGEDSINCE modifier (RFC 7162): only messages whose MODSEQ is higher; -1 if absent
 * @param vanished     VANISHED modifier (QRESYNC, UID FETCH only): also report expunged UIDs
 */
public record FetchRequest(String tag, boolean uid, SequenceSet set, List<FetchItem> items, long changedSince,
        boolean vanished) implements ImapRequest {

    public FetchRequest {
        items = List.copyOf(items);
    }

    public FetchRequest(String tag, boolean uid, SequenceSet set, List<FetchItem> items) {
        this(tag, uid, set, items, -1, false);
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
