package io.mailstream.mailbox.imap.request;

import java.util.List;

/**
 * SORT / UID SORT (criteria) charset search (RFC 5256), or THREAD / UID THREAD algorithm charset
 * search: {@code criteria} holds the sort keys (REVERSE as a prefix, e.g. {@code REVERSE DATE}),
 * or for THREAD the one algorithm name.
 */
public record SortRequest(String tag, boolean uid, boolean thread, List<String> criteria, String charset,
        SearchKey key) implements ImapRequest {

    public SortRequest {
        criteria = List.copyOf(criteria);
    }

    @Override
    public String command() {
        return (uid ? "UID " : "") + (thread ? "THREAD" : "SORT");
    }

    @Override
    public boolean allowsExpungeResponses() {
        return uid;
    }
}
