package io.mailstream.mailbox.imap.process;

import io.mailstream.mailbox.access.ChangeFrontier;
import io.mailstream.mailbox.access.MailboxAccess;
import io.mailstream.mailbox.access.UidOrder;
import io.mailstream.mailbox.imap.request.SearchKey;
import io.mailstream.mailbox.imap.request.SequenceSet;
import io.mailstream.store.Mailbox;
import io.mailstream.store.MessageStore;
import io.mailstream.store.StoreException;
import io.mailstream.store.StoredMessage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

import org.jboss.logging.Logger;

/**
 * The session's view of the selected mailbox: the messages it has announced, in UID order, so that
 * message sequence number n is index n-1. The view changes only when the session tells the
 * client: new messages as {@code * n EXISTS}, expunges as {@code * n EXPUNGE} (only where the
 * protocol allows), flag changes made elsewhere as {@code * n FETCH (FLAGS ...)}.
 *
 * <p>Only SELECT reads the whole mailbox. A refresh reads the records whose MODSEQ is above the
 * point the view is known complete up to (see {@link ChangeFrontier}), and the expunge history
 * since then only when those records do not account for every MODSEQ handed out.
 */
public final class SelectedMailbox {

    /** At SELECT, how many of the latest MODSEQs are checked for a write that may still be landing. */
    static final int OPEN_WINDOW = ChangeFrontier.OPEN_WINDOW;
    private static final Logger LOG = Logger.getLogger(SelectedMailbox.class);

    private Mailbox mailbox;
    private final boolean readOnly;
    private final List<StoredMessage> messages;
    private final ChangeFrontier frontier;
    /** Every UID up to this is in the view, was expunged, or was given up; new messages come above it. */
    private long knownUid;
    /** The result kept by SEARCH RETURN (SAVE), as UIDs: what {@code $} names (RFC 5182). */
    private Set<Long> saved = Set.of();
    /** The UIDs that are {@code \Recent} in this session. */
    private final RecentUids recent = new RecentUids();
    /** IMAP4rev2 has no {@code \Recent} (RFC 9051 E.): the session still claims, but never shows it. */
    private boolean recentHidden;

    private SelectedMailbox(Mailbox mailbox, boolean readOnly, List<StoredMessage> messages, ChangeFrontier frontier) {
        this.mailbox = mailbox;
        this.readOnly = readOnly;
        this.messages = new ArrayList<>(messages);
        this.frontier = frontier;
        this.knownUid = lastUid();
    }

    /**
     * Opens the view with all messages of {@code mailbox}, whose counters were read before this call.
     * A read-write session claims the messages no session has seen as {@code \Recent} (one atomic
     * update of the mailbox record, so exactly one session of any instance gets each); a read-only
     * one (EXAMINE) shows them as recent but leaves them to the next SELECT (RFC 3501 6.3.2).
     */
    public static SelectedMailbox open(MailboxAccess access, Mailbox mailbox, boolean readOnly) {
        return open(access, mailbox, Long.MAX_VALUE, readOnly, System::nanoTime);
    }

    /** As {@link #open(MailboxAccess, Mailbox, boolean)}, for counters read before {@code ticket} ({@link MailboxAccess#ticket}). */
    public static SelectedMailbox open(MailboxAccess access, Mailbox mailbox, long ticket, boolean readOnly) {
        return open(access, mailbox, ticket, readOnly, System::nanoTime);
    }

    static SelectedMailbox open(MailboxAccess access, Mailbox mailbox, boolean readOnly, LongSupplier nanoClock) {
        return open(access, mailbox, Long.MAX_VALUE, readOnly, nanoClock);
    }

    private static SelectedMailbox open(MailboxAccess access, Mailbox mailbox, long ticket, boolean readOnly,
            LongSupplier nanoClock) {
        ChangeFrontier frontier = new ChangeFrontier(nanoClock, 0);
        frontier.observe(mailbox.highestModSeq(), mailbox.uidNext() - 1);
        long upTo = mailbox.uidNext() - 1;
        long claimedBefore = readOnly ? mailbox.recentUid() : access.claimRecent(mailbox, upTo);
        List<StoredMessage> listed = access.messages(mailbox, ticket);
        List<StoredMessage> shown = belowLandingGap(access, mailbox, listed);
        SelectedMailbox s = new SelectedMailbox(mailbox, readOnly, shown, frontier);
        s.recent.add(claimedBefore, upTo);
        if (s.knownUid < mailbox.uidNext() - 1) { // the latest messages were expunged, or are still landing
            Set<Long> expunged = new HashSet<>();
            access.expungedAbove(mailbox, s.knownUid).forEach(e -> expunged.add(e.uid()));
            s.advanceKnownUid(expunged, mailbox);
        }
        Set<Long> listedModSeqs = new HashSet<>();
        s.messages.forEach(m -> listedModSeqs.add(m.modSeq()));
        // A new mailbox starts at HIGHESTMODSEQ 1, which no change ever takes.
        long floor = Math.max(1, mailbox.highestModSeq() - OPEN_WINDOW);
        boolean landing = s.knownUid < mailbox.uidNext() - 1;
        long complete = landing ? floor : frontier.completeUpTo(floor, mailbox.highestModSeq(), listedModSeqs);
        for (int i = shown.size(); i < listed.size(); i++) { // held back: refreshes read them again
            complete = Math.min(complete, listed.get(i).modSeq() - 1);
        }
        frontier.complete(complete);
        return s;
    }

    /**
     * The listing up to the first UID that was handed out recently but has no record yet while a
     * later one has: its delivery is still landing, and a view that showed the later message first
     * could never show it (sequence numbers follow UID order). The messages held back come with the
     * next refreshes, after it, once it lands or is given up. A missing UID under messages older
     * than the last {@link #OPEN_WINDOW} changes was expunged or never written: no reason to wait.
     */
    private static List<StoredMessage> belowLandingGap(MailboxAccess access, Mailbox mailbox,
            List<StoredMessage> listed) {
        if (listed.isEmpty()) {
            return listed;
        }
        long floor = Math.max(1, mailbox.highestModSeq() - OPEN_WINDOW);
        int firstRecent = listed.size();
        while (firstRecent > 0 && listed.get(firstRecent - 1).modSeq() > floor) {
            firstRecent--;
        }
        if (firstRecent == listed.size()) {
            return listed;
        }
        // UIDs are handed out in order, so a landing UID lies between the recent records' UIDs.
        long from = firstRecent == 0 ? 0 : listed.get(firstRecent - 1).uid();
        Set<Long> present = new HashSet<>();
        for (StoredMessage m : listed.subList(firstRecent, listed.size())) {
            present.add(m.uid());
        }
        long last = listed.get(listed.size() - 1).uid();
        List<Long> missing = new ArrayList<>();
        for (long uid = from + 1; uid < last; uid++) {
            if (!present.contains(uid)) {
                missing.add(uid);
            }
        }
        if (missing.isEmpty()) {
            return listed;
        }
        Set<Long> expunged = new HashSet<>();
        access.expungedAbove(mailbox, from).forEach(e -> expunged.add(e.uid()));
        for (long uid : missing) {
            if (!expunged.contains(uid)) {
                int at = UidOrder.indexOf(listed, uid);
                return listed.subList(0, -at - 1);
            }
        }
        return listed;
    }

    public Mailbox mailbox() {
        return mailbox;
    }

    public boolean readOnly() {
        return readOnly;
    }

    public int exists() {
        return messages.size();
    }

    public List<StoredMessage> messages() {
        return List.copyOf(messages);
    }

    /** The message with sequence number {@code seq} (1-based). */
    public StoredMessage get(int seq) {
        return messages.get(seq - 1);
    }

    /**
     * Whether the view holds every change up to the mailbox's counters as read in {@code current}:
     * then it can answer for the mailbox (STATUS) without reading the store.
     */
    public boolean isCurrent(Mailbox current) {
        return current.id().equals(mailbox.id()) && frontier.complete() >= current.highestModSeq();
    }

    /**
     * Records this session's own flag change. When it took the MODSEQ right after the point the
     * view is complete up to, the view is still complete, and the next refresh need not read.
     */
    public void replace(int seq, StoredMessage updated) {
        messages.set(seq - 1, updated);
        if (updated.modSeq() == frontier.complete() + 1) {
            frontier.complete(updated.modSeq());
        }
    }

    /** Whether the message with this UID is {@code \Recent} in this session. */
    public boolean isRecent(long uid) {
        return !recentHidden && recent.contains(uid);
    }

    /** For an IMAP4rev2 session: no message is shown as {@code \Recent}, and SEARCH RECENT matches none. */
    public void hideRecent() {
        recentHidden = true;
    }

    /** How many messages in the view are {@code \Recent} in this session (the RECENT response). */
    public int recentCount() {
        int n = 0;
        for (StoredMessage m : messages) {
            n += isRecent(m.uid()) ? 1 : 0;
        }
        return n;
    }

    /** The FLAGS of a message as this session reports them: the stored ones, and {@code \Recent}. */
    public String flags(StoredMessage m) {
        return Flags.format(m.flags(), isRecent(m.uid()));
    }

    /** {@code key} with RECENT (also inside NEW and OLD) resolved to this session's recent messages. */
    public SearchKey bindRecent(SearchKey key) {
        return SearchKey.bindRecent(key, recentHidden ? new SearchKey.None() : recent.asSearchKey());
    }

    /** What {@code $} names: the UIDs the last SEARCH RETURN (SAVE) kept (expunged ones just match nothing). */
    public Set<Long> saved() {
        return saved;
    }

    public void save(Collection<Long> uids) {
        saved = Set.copyOf(uids);
    }

    /** The UID the next message will get, as far as this view knows. */
    public long uidNext() {
        return Math.max(mailbox.uidNext(), knownUid + 1);
    }

    /**
     * The sequence numbers a set names, ascending. A sequence number beyond the mailbox is an
     * error; UIDs that do not exist are simply not matched (RFC 3501 6.4.8). {@code *} is the
     * last message; for UIDs, {@code n:*} always includes the last message. {@code $} names the
     * saved search result's messages that still exist.
     */
    public List<Integer> resolve(SequenceSet set, boolean uid) {
        List<Integer> out = new ArrayList<>();
        if (set.saved()) {
            for (int i = 0; i < messages.size(); i++) {
                if (saved.contains(messages.get(i).uid())) {
                    out.add(i + 1);
                }
            }
            return out;
        }
        if (uid) {
            long star = messages.isEmpty() ? 0 : messages.get(messages.size() - 1).uid();
            for (int i = 0; i < messages.size(); i++) {
                if (set.contains(messages.get(i).uid(), star)) {
                    out.add(i + 1);
                }
            }
            return out;
        }
        if (messages.isEmpty() && set.hasStar()) {
            return out; // "1:*" in an empty mailbox names nothing, which is no error
        }
        if (set.largestExplicit() > messages.size()) {
            throw ImapException.bad("Invalid message sequence number");
        }
        for (int seq = 1; seq <= messages.size(); seq++) {
            if (set.contains(seq, messages.size())) {
                out.add(seq);
            }
        }
        return out;
    }

    /** Drops expunged messages from the view, announcing each (highest first, so numbers stay valid). */
    public void expunged(Set<Long> uids, ImapContext ctx) {
        boolean vanished = ctx.enabled("QRESYNC"); // RFC 7162 3.2.10: VANISHED replaces EXPUNGE
        List<Long> gone = new ArrayList<>();
        for (int seq = messages.size(); seq >= 1; seq--) {
            if (uids.contains(messages.get(seq - 1).uid())) {
                gone.add(0, messages.remove(seq - 1).uid());
                if (!vanished) {
                    ctx.untagged(seq + " EXPUNGE");
                }
            }
        }
        if (vanished && !gone.isEmpty()) {
            ctx.untagged("VANISHED " + UidSets.format(gone));
        }
    }

    /**
     * Brings the view up to date with the store and tells the client. When expunges may not be
     * announced now, the view is left as it is, so they are reported later together with the rest.
     * Reads nothing but the mailbox's counters when the view is complete up to them.
     */
    public void refresh(MailboxAccess access, ImapContext ctx, boolean allowExpunge) {
        Mailbox now = access.reload(mailbox).orElse(null);
        if (now == null) {
            return;
        }
        long ticket = access.ticket();
        frontier.observe(now.highestModSeq(), now.uidNext() - 1);
        long from = frontier.complete();
        if (now.highestModSeq() <= from) {
            mailbox = now;
            return;
        }
        MailboxAccess.Changes changes = access.changesSince(now, ticket, from);
        List<StoredMessage> changed = changes.changed();
        Set<Long> accounted = new HashSet<>();
        changed.forEach(m -> accounted.add(m.modSeq()));
        Set<Long> expungedUids = new HashSet<>();
        // Each MODSEQ belongs to one change; only one the records do not show can be an expunge.
        if (frontier.completeUpTo(from, now.highestModSeq(), accounted) < now.highestModSeq()
                || hasHole(changed, now)) {
            for (MessageStore.Expunged e : changes.expunged().get()) {
                expungedUids.add(e.uid());
                accounted.add(e.modSeq());
            }
        }
        Set<Long> gone = new HashSet<>();
        messages.forEach(m -> {
            if (expungedUids.contains(m.uid())) {
                gone.add(m.uid());
            }
        });
        if (!gone.isEmpty() && !allowExpunge) {
            return;
        }
        expunged(gone, ctx);
        reportFlagChanges(changed, expungedUids, ctx);
        boolean waiting = appendArrivals(access, changed, expungedUids, now, ctx);
        mailbox = now;
        if (!waiting) {
            frontier.complete(frontier.completeUpTo(from, now.highestModSeq(), accounted));
        }
    }

    /** Takes the store's record of each known message that changed, announcing new flags. */
    private void reportFlagChanges(List<StoredMessage> changed, Set<Long> expungedUids, ImapContext ctx) {
        for (StoredMessage fresh : changed) {
            int seq = seqOf(fresh.uid());
            if (seq == 0 || expungedUids.contains(fresh.uid())) {
                continue;
            }
            StoredMessage known = messages.get(seq - 1);
            if (known.modSeq() == fresh.modSeq() && known.flags().equals(fresh.flags())) {
                continue;
            }
            messages.set(seq - 1, fresh);
            if (!fresh.flags().equals(known.flags())) {
                ctx.untagged(seq + " FETCH (UID " + fresh.uid() + " FLAGS " + flags(fresh)
                        + (ctx.enabled("CONDSTORE") ? " MODSEQ (" + fresh.modSeq() + ")" : "") + ")");
            }
        }
    }

    /**
     * Adds new messages in UID order (sequence numbers must keep it), stopping before a UID that
     * was handed out but has no record yet: a later one added first would shut it out for good.
     * Returns whether it stopped so. New messages first seen here are claimed as {@code \Recent}.
     */
    private boolean appendArrivals(MailboxAccess access, List<StoredMessage> changed, Set<Long> expungedUids,
            Mailbox now, ImapContext ctx) {
        int before = messages.size();
        for (StoredMessage m : changed) {
            if (m.uid() <= knownUid || expungedUids.contains(m.uid())) {
                continue;
            }
            advanceKnownUid(expungedUids, now);
            if (knownUid + 1 < m.uid()) {
                break;
            }
            messages.add(m);
            knownUid = m.uid();
        }
        advanceKnownUid(expungedUids, now);
        if (messages.size() != before) {
            claimRecent(access, now);
            ctx.untagged(messages.size() + " EXISTS");
            if (!ctx.enabled(ImapContext.IMAP4REV2)) { // IMAP4rev2 has no RECENT response (RFC 9051 7.4)
                ctx.untagged(recentCount() + " RECENT");
            }
        }
        return knownUid < now.uidNext() - 1;
    }

    /**
     * Claims the UIDs this view now covers and no earlier claim did. Another session (on any
     * instance) that claimed them first keeps them. Failing to claim only costs the flag, so a store
     * error is logged, not reported.
     */
    private void claimRecent(MailboxAccess access, Mailbox now) {
        if (knownUid <= recent.considered()) {
            return;
        }
        long claimedBefore;
        if (readOnly) {
            claimedBefore = now.recentUid();
        } else {
            try {
                claimedBefore = access.claimRecent(now, knownUid);
            } catch (StoreException e) {
                LOG.warnf("\\Recent not claimed in mailbox %s: %s", now.id(), e.getMessage());
                claimedBefore = knownUid;
            }
        }
        recent.add(claimedBefore, knownUid);
    }

    /** Moves {@link #knownUid} over UIDs that were expunged or given up. */
    private void advanceKnownUid(Set<Long> expungedUids, Mailbox now) {
        while (knownUid + 1 < now.uidNext()
                && (expungedUids.contains(knownUid + 1) || frontier.uidSettled(knownUid + 1))) {
            knownUid++;
        }
    }

    /** Whether a UID above the known ones is neither among {@code changed} nor given up. */
    private boolean hasHole(List<StoredMessage> changed, Mailbox now) {
        Set<Long> present = new HashSet<>();
        changed.forEach(m -> present.add(m.uid()));
        for (long uid = knownUid + 1; uid < now.uidNext(); uid++) {
            if (!present.contains(uid) && !frontier.uidSettled(uid)) {
                return true;
            }
        }
        return false;
    }

    private long lastUid() {
        return messages.isEmpty() ? 0 : messages.get(messages.size() - 1).uid();
    }

    /** The sequence number of a UID in the view, or 0. */
    private int seqOf(long uid) {
        int at = UidOrder.indexOf(messages, uid);
        return at >= 0 ? at + 1 : 0;
    }
}
