package io.mailstream.mailbox.imap.request;

import java.util.List;
import java.util.Set;

/**
 * LIST (with the RFC 5258 extended forms) or LSUB.
 *
 * @param selection    selection options, upper-cased (SUBSCRIBED, SPECIAL-USE, RECURSIVEMATCH, REMOTE)
 * @param patterns     one or more patterns (the plain form has one)
 * @param returns      return options, upper-cased (SUBSCRIBED, CHILDREN, SPECIAL-USE, STATUS)
 * @param statusItems  for RETURN (STATUS (...)), the items; else empty
 * @param extended     whether the client used an extended form (selection or return options)
 */
public record ListRequest(String tag, String command, Set<String> selection, String reference, List<String> patterns,
        Set<String> returns, List<String> statusItems, boolean extended) implements ImapRequest {

    public ListRequest {
        selection = Set.copyOf(selection);
        patterns = List.copyOf(patterns);
        returns = Set.copyOf(returns);
        statusItems = List.copyOf(statusItems);
    }

    /** The plain RFC 3501 form. */
    public static ListRequest plain(String tag, String command, String reference, String pattern) {
        return new ListRequest(tag, command, Set.of(), reference, List.of(pattern), Set.of(), List.of(), false);
    }
}
