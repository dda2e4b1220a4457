package io.mailstream.mailbox.imap.process;

import io.mailstream.mailbox.imap.request.SearchKey;
import io.mailstream.mailbox.imap.request.SearchRequest;
import io.mailstream.store.StoredMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * SEARCH and UID SEARCH: answers {@code * SEARCH} with sequence numbers or UIDs, ascending, or
 * with {@code RETURN (...)} an ESEARCH response (RFC 4731). A MODSEQ criterion (RFC 7162) adds
 * the highest MODSEQ of the matches.
 */
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
        boolean modSeqKey = hasModSeq(request.key());
        if (modSeqKey) {
            ctx.enable("CONDSTORE");
        }
        SelectedMailbox selected = ctx.selected();
        int exists = selected.exists();
        long lastUid = exists == 0 ? 0 : selected.get(exists).uid();
        List<Long> found = new ArrayList<>();
        long highestModSeq = 0;
        for (int seq = 1; seq <= exists; seq++) {
            StoredMessage m = selected.get(seq);
            if (new SearchEvaluator(ctx.access(), m, seq, exists, lastUid).matches(request.key())) {
                found.add(request.uid() ? m.uid() : seq);
                highestModSeq = Math.max(highestModSeq, m.modSeq());
            }
        }
        if (request.returns() == null) {
            StringBuilder out = new StringBuilder("SEARCH");
            found.forEach(n -> out.append(' ').append(n));
            if (modSeqKey && !found.isEmpty()) {
                out.append(" (MODSEQ ").append(highestModSeq).append(')');
            }
            ctx.untagged(out.toString());
        } else {
            StringBuilder out = new StringBuilder("ESEARCH (TAG \"").append(request.tag()).append("\")");
            if (request.uid()) {
                out.append(" UID");
            }
            if (!found.isEmpty() && request.returns().contains("MIN")) {
                out.append(" MIN ").append(found.get(0));
            }
            if (!found.isEmpty() && request.returns().contains("MAX")) {
                out.append(" MAX ").append(found.get(found.size() - 1));
            }
            if (request.returns().contains("COUNT")) {
                out.append(" COUNT ").append(found.size());
            }
            if (!found.isEmpty() && request.returns().contains("ALL")) {
                out.append(" ALL ").append(UidSets.format(found));
            }
            if (modSeqKey && !found.isEmpty()) {
                out.append(" MODSEQ ").append(highestModSeq);
            }
            ctx.untagged(out.toString());
        }
        return Completion.ok(request.command() + " completed");
    }

    private static boolean hasModSeq(SearchKey key) {
        if (key instanceof SearchKey.ModSeq) {
            return true;
        } else if (key instanceof SearchKey.Not n) {
            return hasModSeq(n.key());
        } else if (key instanceof SearchKey.Or o) {
            return hasModSeq(o.left()) || hasModSeq(o.right());
        } else if (key instanceof SearchKey.And a) {
            return a.keys().stream().anyMatch(SearchProcessor::hasModSeq);
        }
        return false;
    }
}
