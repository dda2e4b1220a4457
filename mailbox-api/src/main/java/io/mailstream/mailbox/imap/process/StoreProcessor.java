package io.mailstream.mailbox.imap.process;

import io.mailstream.mailbox.imap.request.StoreRequest;
import io.mailstream.store.StoredMessage;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * STORE and UID STORE of FLAGS, +FLAGS, -FLAGS (and .SILENT); each change gets a new MODSEQ.
 * With UNCHANGEDSINCE (RFC 7162) messages changed after that MODSEQ are left alone and listed
 * in {@code [MODIFIED ...]}.
 */
public final class StoreProcessor extends ImapProcessor<StoreRequest> {

    public StoreProcessor() {
        super(SessionState.SELECTED);
    }

    @Override
    protected Completion process(StoreRequest request, ImapContext ctx) {
        SelectedMailbox selected = ctx.selected();
        if (selected.readOnly()) {
            return Completion.no("READ-ONLY", "Mailbox is read-only");
        }
        Set<String> requested = Flags.storable(request.flags());
        Set<Long> changedAfter = new HashSet<>();
        if (request.unchangedSince() >= 0) {
            ctx.enable("CONDSTORE");
            // Judged by the store, not by this session's view, which may lag another session; a
            // message expunged since counts as changed.
            ctx.access().changedSince(selected.mailbox(), request.unchangedSince())
                    .forEach(m -> changedAfter.add(m.uid()));
            ctx.access().expungedSince(selected.mailbox(), request.unchangedSince())
                    .forEach(e -> changedAfter.add(e.uid()));
        }
        boolean modSeqs = ctx.enabled("CONDSTORE");
        List<Long> modified = new ArrayList<>();
        for (int seq : selected.resolve(request.set(), request.uid())) {
            StoredMessage message = selected.get(seq);
            if (changedAfter.contains(message.uid())) {
                modified.add(request.uid() ? message.uid() : seq);
                continue;
            }
            Set<String> flags = switch (request.mode()) {
                case REPLACE -> new HashSet<>(requested);
                case ADD -> union(message.flags(), requested);
                case REMOVE -> without(message.flags(), requested);
            };
            if (!flags.equals(message.flags())) {
                message = ctx.access().setFlags(message, flags);
                selected.replace(seq, message);
            }
            if (!request.silent()) {
                ctx.untagged(seq + " FETCH (" + (request.uid() ? "UID " + message.uid() + " " : "") + "FLAGS "
                        + ctx.selected().flags(message) + (modSeqs ? " MODSEQ (" + message.modSeq() + ")" : "") + ")");
            }
        }
        if (!modified.isEmpty()) {
            return Completion.ok("MODIFIED " + UidSets.format(modified), "Conditional STORE failed for some");
        }
        return Completion.ok(request.command() + " completed");
    }

    private static Set<String> union(Set<String> current, Set<String> added) {
        Set<String> out = new HashSet<>(current);
        for (String f : added) {
            if (!Flags.has(out, f)) {
                out.add(f);
            }
        }
        return out;
    }

    private static Set<String> without(Set<String> current, Set<String> removed) {
        Set<String> out = new HashSet<>();
        for (String f : current) {
            if (!Flags.has(removed, f)) {
                out.add(f);
            }
        }
        return out;
    }
}
