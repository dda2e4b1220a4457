package io.mailstream.mailbox.imap.request;

/**
 * SEARCH or UID SEARCH; several top-level keys arrive as one {@link SearchKey.And}.
 *
 * @param charset the CHARSET argument, or null when none was given
 */
public record SearchRequest(String tag, boolean uid, String charset, SearchKey key) implements ImapRequest {

    @Override
    public String command() {
        return uid ? "UID SEARCH" : "SEARCH";
    }

    @Override
    public boolean allowsExpungeResponses() {
        return uid;
    }
}
