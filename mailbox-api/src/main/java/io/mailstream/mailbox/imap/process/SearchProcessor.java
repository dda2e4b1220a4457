package io.mailstream.mailbox.imap.process;

import io.mailstream.mailbox.imap.request.SearchRequest;
import io.mailstream.store.StoredMessage;

import java.util.Set;
import java.util.TreeSet;

/** SEARCH and UID SEARCH: answers {@code * SEARCH} with sequence numbers or UIDs, ascending. */
public final class SearchProcessor extends ImapProcessor<SearchRequest> {

    private static final Set<String> CHARSETS = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

    static {
        CHARSETS.addAll(Set.of("UTF-8", "US-ASCII"));
    }

    public SearchProcessor() {
        super(SessionState.SELECTED);
    }

    @Override
    protected Completion process(SearchRequest request, ImapContext ctx) {
        if (request.charset() != null && !CHARSETS.contains(request.charset())) {
            return Completion.no("BADCHARSET (UTF-8 US-ASCII)", "Unsupported charset");
        }
        SelectedMailbox selected = ctx.selected();
        int exists = selected.exists();
        long lastUid = exists == 0 ? 0 : selected.get(exists).uid();
        StringBuilder found = new StringBuilder("SEARCH");
        for (int seq = 1; seq <= exists; seq++) {
            StoredMessage m = selected.get(seq);
            if (new SearchEvaluator(ctx.access(), m, seq, exists, lastUid).matches(request.key())) {
                found.append(' ').append(request.uid() ? m.uid() : seq);
            }
        }
        ctx.untagged(found.toString());
        return Completion.ok(request.command() + " completed");
    }
}
