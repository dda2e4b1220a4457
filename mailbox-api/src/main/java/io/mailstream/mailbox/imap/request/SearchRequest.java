package io.mailstream.mailbox.imap.request;

/**
 * SEARCH or UID SEARCH; several top-level keys arrive as one {@link SearchKey.And}.
 *
 * @param charset the CHARSET argument, or null when none was given
 * @param returns ESEARCH (RFC 4731) result options (MIN MAX COUNT ALL) and SAVE (RFC 5182),
 *                or null for a plain SEARCH
 */
public record SearchRequest(String tag, boolean uid, String charset, SearchKey key, java.util.Set<String> returns)
        implements ImapRequest {

    @Override
    public String command() {
        return uid ? "UID SEARCH" : "SEARCH";
    }

    @Override
    public boolean allowsExpungeResponses() {
        return uid;
    }
}
