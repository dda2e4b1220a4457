package io.mailstream.mailbox.imap.process;

import io.mailstream.mailbox.imap.request.SearchKey;
import io.mailstream.mailbox.imap.request.SortRequest;
import io.mailstream.store.StoredMessage;
import io.mailstream.store.summary.SearchText;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * SORT and THREAD=ORDEREDSUBJECT (RFC 5256) over the messages a search matches. Ties fall back to
 * the sequence number. Every value comes from the stored header section, so no body is read.
 */
public final class SortProcessor extends ImapProcessor<SortRequest> {

    private static final Set<String> CHARSETS = Set.of("UTF-8", "US-ASCII");

    public SortProcessor() {
        super(SessionState.SELECTED);
    }

    @Override
    protected Completion process(SortRequest request, ImapContext ctx) {
        if (!CHARSETS.contains(request.charset().toUpperCase(java.util.Locale.ROOT))) {
            return Completion.no("BADCHARSET (UTF-8 US-ASCII)", "Unsupported charset");
        }
        SelectedMailbox selected = ctx.selected();
        int exists = selected.exists();
        long lastUid = exists == 0 ? 0 : selected.get(exists).uid();
        List<Integer> seqs = new ArrayList<>();
        Map<Integer, SortKeys> keys = new LinkedHashMap<>();
        SearchKey key = selected.bindRecent(request.key());
        Function<Long, SearchText> texts = SearchEvaluator.textsOf(ctx.access(), selected.mailbox());
        for (int seq = 1; seq <= exists; seq++) {
            StoredMessage m = selected.get(seq);
            if (new SearchEvaluator(ctx.access(), m, seq, exists, lastUid, selected.saved(), texts).matches(key)) {
                seqs.add(seq);
                keys.put(seq, new SortKeys(m));
            }
        }
        if (request.thread() && request.criteria().get(0).equals("REFERENCES")) {
            String threads = ReferencesThreader.thread(seqs.stream().map(keys::get).toList(),
                    seqs.stream().map(s -> id(s, keys, request.uid())).toList());
            ctx.untagged("THREAD" + (threads.isEmpty() ? "" : " " + threads));
            return Completion.ok(request.command() + " completed");
        }
        if (request.thread()) {
            ctx.untagged("THREAD" + orderedSubject(seqs, keys, request.uid()));
            return Completion.ok(request.command() + " completed");
        }
        seqs.sort(comparator(request.criteria(), keys).thenComparing(Comparator.naturalOrder()));
        StringBuilder out = new StringBuilder("SORT");
        seqs.forEach(seq -> out.append(' ').append(request.uid() ? keys.get(seq).message().uid() : seq));
        ctx.untagged(out.toString());
        return Completion.ok(request.command() + " completed");
    }

    private static Comparator<Integer> comparator(List<String> criteria, Map<Integer, SortKeys> keys) {
        Comparator<Integer> all = (a, b) -> 0;
        for (String c : criteria) {
            boolean reverse = c.startsWith("REVERSE ");
            Comparator<Integer> one = switch (reverse ? c.substring(8) : c) {
                case "ARRIVAL" -> Comparator.comparing(s -> keys.get(s).message().internalDate());
                case "DATE" -> Comparator.comparing(s -> keys.get(s).sentDate());
                case "SIZE" -> Comparator.comparingLong(s -> keys.get(s).message().size());
                case "SUBJECT" -> Comparator.comparing(s -> keys.get(s).baseSubject());
                case "FROM" -> Comparator.comparing(s -> keys.get(s).firstMailbox("From"));
                case "TO" -> Comparator.comparing(s -> keys.get(s).firstMailbox("To"));
                case "CC" -> Comparator.comparing(s -> keys.get(s).firstMailbox("Cc"));
                default -> throw ImapException.bad("Unknown sort criterion " + c);
            };
            all = all.thenComparing(reverse ? one.reversed() : one);
        }
        return all;
    }

    /**
     * ORDEREDSUBJECT: messages grouped by base subject and sorted by sent date; threads ordered by
     * their first message; the first message is the parent of all the others.
     */
    private static String orderedSubject(List<Integer> seqs, Map<Integer, SortKeys> keys, boolean uid) {
        List<Integer> byDate = new ArrayList<>(seqs);
        byDate.sort(Comparator.<Integer, java.time.Instant>comparing(s -> keys.get(s).sentDate())
                .thenComparing(Comparator.naturalOrder()));
        Map<String, List<Integer>> threads = new LinkedHashMap<>();
        byDate.forEach(s -> threads.computeIfAbsent(keys.get(s).baseSubject(), k -> new ArrayList<>()).add(s));
        StringBuilder out = new StringBuilder();
        for (List<Integer> thread : threads.values()) {
            out.append('(').append(id(thread.get(0), keys, uid));
            if (thread.size() == 2) {
                out.append(' ').append(id(thread.get(1), keys, uid));
            } else if (thread.size() > 2) {
                out.append(' ');
                for (int i = 1; i < thread.size(); i++) {
                    out.append('(').append(id(thread.get(i), keys, uid)).append(')');
                }
            }
            out.append(')');
        }
        return out.length() == 0 ? "" : " " + out;
    }

    private static long id(int seq, Map<Integer, SortKeys> keys, boolean uid) {
        return uid ? keys.get(seq).message().uid() : seq;
    }
}
