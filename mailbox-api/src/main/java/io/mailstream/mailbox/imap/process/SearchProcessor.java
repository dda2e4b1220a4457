package io.mailstream.mailbox.imap.process;

import io.mailstream.mailbox.imap.request.SearchKey;
import io.mailstream.mailbox.imap.request.SearchRequest;
import io.mailstream.store.StoredMessage;
import io.mailstream.store.summary.SearchText;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * SEARCH and UID SEARCH: answers {@code * SEARCH} with sequence numbers or UIDs, ascending, or
 * with {@code RETURN (...)} (and always after ENABLE IMAP4rev2) an ESEARCH response (RFC 4731).
 * RETURN (SAVE) keeps the result for {@code $} (RFC 5182). A MODSEQ criterion (RFC 7162) adds the
 * highest MODSEQ of the matches.
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
        // IMAP4rev2 answers every SEARCH with ESEARCH; without RETURN that is RETURN (ALL).
        Set<String> returns = request.returns() == null && ctx.enabled(ImapContext.IMAP4REV2) ? Set.of("ALL")
                : request.returns();
        boolean save = returns != null && returns.contains("SAVE");
        SelectedMailbox selected = ctx.selected();
        Set<Long> previous = selected.saved();
        if (save) {
            selected.save(List.of()); // a SEARCH that fails leaves $ empty (RFC 5182 2.1)
        }
        int exists = selected.exists();
        long lastUid = exists == 0 ? 0 : selected.get(exists).uid();
        List<Long> found = new ArrayList<>();
        List<Long> foundUids = new ArrayList<>();
        long highestModSeq = 0;
        SearchKey key = selected.bindRecent(request.key());
        Function<Long, SearchText> texts = SearchEvaluator.textsOf(ctx.access(), selected.mailbox());
        for (int seq = 1; seq <= exists; seq++) {
            StoredMessage m = selected.get(seq);
            if (new SearchEvaluator(ctx.access(), m, seq, exists, lastUid, previous, texts).matches(key)) {
                found.add(request.uid() ? m.uid() : seq);
                foundUids.add(m.uid());
                highestModSeq = Math.max(highestModSeq, m.modSeq());
            }
        }
        if (save) {
            selected.save(saved(returns, foundUids));
        }
        if (returns == null) {
            StringBuilder out = new StringBuilder("SEARCH");
            found.forEach(n -> out.append(' ').append(n));
            if (modSeqKey && !found.isEmpty()) {
                out.append(" (MODSEQ ").append(highestModSeq).append(')');
            }
            ctx.untagged(out.toString());
        } else if (!returns.equals(Set.of("SAVE"))) { // SAVE alone: no ESEARCH (RFC 5182 2.4)
            ctx.untagged(esearch(request, returns, found, modSeqKey ? highestModSeq : 0));
        }
        return Completion.ok(request.command() + " completed");
    }

    private static String esearch(SearchRequest request, Set<String> returns, List<Long> found, long highestModSeq) {
        StringBuilder out = new StringBuilder("ESEARCH (TAG \"").append(request.tag()).append("\")");
        if (request.uid()) {
            out.append(" UID");
        }
        if (!found.isEmpty() && returns.contains("MIN")) {
            out.append(" MIN ").append(found.get(0));
        }
        if (!found.isEmpty() && returns.contains("MAX")) {
            out.append(" MAX ").append(found.get(found.size() - 1));
        }
        if (returns.contains("COUNT")) {
            out.append(" COUNT ").append(found.size());
        }
        if (!found.isEmpty() && returns.contains("ALL")) {
            out.append(" ALL ").append(UidSets.format(found));
        }
        if (highestModSeq > 0 && !found.isEmpty()) {
            out.append(" MODSEQ ").append(highestModSeq);
        }
        return out.toString();
    }

    /** What SAVE keeps: all matches, or only the lowest and/or highest with MIN / MAX alone (RFC 5182 2.4). */
    private static List<Long> saved(Set<String> returns, List<Long> uids) {
        boolean minMaxOnly = (returns.contains("MIN") || returns.contains("MAX")) && !returns.contains("ALL")
                && !returns.contains("COUNT");
        if (!minMaxOnly || uids.isEmpty()) {
            return uids;
        }
        List<Long> out = new ArrayList<>();
        if (returns.contains("MIN")) {
            out.add(uids.get(0));
        }
        if (returns.contains("MAX")) {
            out.add(uids.get(uids.size() - 1));
        }
        return out;
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
