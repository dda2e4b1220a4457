package io.mailstream.mailbox.imap.process;

import io.mailstream.mailbox.imap.request.SelectRequest;
import io.mailstream.mailbox.imap.request.SequenceSet;
import io.mailstream.store.MessageStore;
import io.mailstream.store.StoredMessage;

import java.util.List;

/**
 * Quick resynchronization (RFC 7162): what a client that knew the mailbox at some MODSEQ has
 * missed, as {@code VANISHED (EARLIER)} for expunged UIDs (from the expunge history) and FETCH
 * responses for messages changed since.
 */
final class Qresync {

    private Qresync() {
    }

    /** Reports the UIDs in {@code uids} (all when null) expunged after {@code modSeq}. */
    static void reportVanished(ImapContext ctx, SelectedMailbox selected, long modSeq, SequenceSet uids) {
        long star = selected.uidNext() - 1;
        List<Long> gone = ctx.access().expungedSince(selected.mailbox(), modSeq).stream()
                .map(MessageStore.Expunged::uid).filter(uid -> uids == null || uids.contains(uid, star)).sorted()
                .toList();
        if (!gone.isEmpty()) {
            ctx.untagged("VANISHED (EARLIER) " + UidSets.format(gone));
        }
    }

    /** After SELECT ... (QRESYNC ...): the expunges and flag changes the client has not seen. */
    static void resync(ImapContext ctx, SelectedMailbox selected, SelectRequest.Qresync known) {
        if (known.uidValidity() != selected.mailbox().uidValidity()) {
            return; // different UIDVALIDITY: the client must resynchronize from scratch
        }
        reportVanished(ctx, selected, known.modSeq(), known.knownUids());
        for (int seq = 1; seq <= selected.exists(); seq++) {
            StoredMessage m = selected.get(seq);
            if (m.modSeq() > known.modSeq()) {
                ctx.untagged(seq + " FETCH (UID " + m.uid() + " FLAGS " + selected.flags(m) + " MODSEQ ("
                        + m.modSeq() + "))");
            }
        }
    }
}
