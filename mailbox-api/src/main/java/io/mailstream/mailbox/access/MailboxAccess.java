package io.mailstream.mailbox.access;

import io.mailstream.core.event.MailboxChanged;
import io.mailstream.store.BlobStore;
import io.mailstream.store.HeaderSection;
import io.mailstream.store.Mailbox;
import io.mailstream.store.MailboxStore;
import io.mailstream.store.MessageStore;
import io.mailstream.store.StoreException;
import io.mailstream.store.StoredMessage;
import io.mailstream.store.summary.MessageSummarizer;
import io.mailstream.store.summary.MessageSummary;
import io.mailstream.store.summary.SearchText;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One user's view of the store, shared by IMAP and POP3: their mailboxes, the message records in
 * UID order, the raw bytes, flag changes, expunges, and the mailbox operations of IMAP (create,
 * rename, delete, subscribe, append, copy). Every lookup is by owner, so a session can only reach
 * the mailboxes of the account it authenticated as. Every change is announced through
 * {@link MailboxChanges}. Failures surface as {@link StoreException} (temporary).
 */
@Singleton
public class MailboxAccess {

    /** The mailboxes a new account gets at its first login, with their RFC 6154 attributes. */
    public static final Map<String, String> DEFAULT_MAILBOXES = Map.of("Sent", "\\Sent", "Drafts", "\\Drafts",
            "Trash", "\\Trash", "Junk", "\\Junk", "Archive", "\\Archive");

    /** Mailboxes and subscriptions one account may have; a hostile client cannot grow them without bound. */
    public static final int MAX_MAILBOXES = 1000;
    public static final int MAX_SUBSCRIPTIONS = 1000;
    /** Message records kept in {@link MailboxSnapshots} unless configured otherwise. */
    public static final int DEFAULT_SNAPSHOT_MESSAGES = 20_000;

    /** How a rename ended. */
    public enum RenameResult { RENAMED, NO_SUCH_MAILBOX, ALREADY_EXISTS }

    private final MailboxStore mailboxes;
    private final MessageStore messages;
    private final BlobStore blobs;
    private final MailboxChanges changes;
    private final MailboxSnapshots snapshots;

    public MailboxAccess(MailboxStore mailboxes, MessageStore messages, BlobStore blobs) {
        this(mailboxes, messages, blobs, MailboxChanges.local());
    }

    public MailboxAccess(MailboxStore mailboxes, MessageStore messages, BlobStore blobs, MailboxChanges changes) {
        this(mailboxes, messages, blobs, changes, DEFAULT_SNAPSHOT_MESSAGES);
    }

    /**
     * @param snapshotMessages how many message records the instance keeps of the mailboxes it
     *                         opened lately ({@link MailboxSnapshots}); 0 reads every opening in full
     */
    @Inject
    public MailboxAccess(MailboxStore mailboxes, MessageStore messages, BlobStore blobs, MailboxChanges changes,
            @ConfigProperty(name = "mailstream.mailbox.snapshot-messages", defaultValue = "20000") int snapshotMessages) {
        this.mailboxes = mailboxes;
        this.messages = messages;
        this.blobs = blobs;
        this.changes = changes;
        this.snapshots = MailboxSnapshots.of(messages, snapshotMessages);
    }

    public MailboxChanges changes() {
        return changes;
    }

    /** The instance's mailbox snapshots (for their metrics). */
    public MailboxSnapshots snapshots() {
        return snapshots;
    }

    /** The user's INBOX, created if no delivery has created it yet. */
    public Mailbox inbox(String owner) {
        return mailboxes.ensure(owner, Mailbox.INBOX, null);
    }

    /**
     * At an account's first login (it has no mailbox but INBOX): creates and subscribes INBOX and
     * the {@link #DEFAULT_MAILBOXES}, so clients find where to put sent, draft and deleted mail.
     */
    public void provision(String owner) {
        List<Mailbox> existing = mailboxes(owner);
        if (existing.size() > 1) {
            return;
        }
        mailboxes.subscribe(owner, Mailbox.INBOX);
        DEFAULT_MAILBOXES.forEach((name, use) -> {
            mailboxes.ensure(owner, name, use);
            mailboxes.subscribe(owner, name);
        });
    }

    /** All mailboxes of the user, INBOX included (created when missing), ordered by name. */
    public List<Mailbox> mailboxes(String owner) {
        inbox(owner);
        return mailboxes.list(owner);
    }

    /** A mailbox of the user by name; {@code INBOX} matches in any case. */
    public Optional<Mailbox> mailbox(String owner, String name) {
        if (Mailbox.INBOX.equalsIgnoreCase(name)) {
            return Optional.of(inbox(owner));
        }
        return mailboxes.find(owner, name);
    }

    /** The current counters of a mailbox previously obtained for this owner. */
    public Optional<Mailbox> reload(Mailbox mailbox) {
        return mailboxes.byId(mailbox.id()).filter(m -> m.owner().equals(mailbox.owner()));
    }

    /**
     * Creates a mailbox (a valid name, see {@link MailboxNames}) and any missing levels above it.
     * Empty when the name exists already.
     */
    public Optional<Mailbox> create(String owner, String name, String specialUse) {
        if (MailboxNames.isInbox(name)) {
            return Optional.empty();
        }
        for (String parent : MailboxNames.parents(name)) {
            if (!MailboxNames.isInbox(parent)) {
                mailboxes.ensure(owner, parent, null);
            }
        }
        return mailboxes.create(owner, name, specialUse);
    }

    /** Deletes a mailbox and its messages; the levels below it stay. INBOX cannot be deleted. */
    public void delete(Mailbox mailbox) {
        if (mailbox.name().equals(Mailbox.INBOX)) {
            throw new IllegalArgumentException("INBOX cannot be deleted");
        }
        messages.deleteMailbox(mailbox.id());
        mailboxes.delete(mailbox.id());
        snapshots.forget(mailbox.id());
        changes.publish(event(mailbox, MailboxChanged.Kind.EXPUNGED, 0, mailbox.highestModSeq()));
    }

    /**
     * Renames a mailbox and everything below it (RFC 3501 6.3.5). Renaming INBOX moves its
     * messages to a new mailbox of the new name and leaves INBOX empty; levels below INBOX stay.
     */
    public RenameResult rename(String owner, String from, String to) {
        Optional<Mailbox> source = mailbox(owner, from);
        if (source.isEmpty()) {
            return RenameResult.NO_SUCH_MAILBOX;
        }
        if (MailboxNames.isInbox(to) || mailboxes.find(owner, to).isPresent()) {
            return RenameResult.ALREADY_EXISTS;
        }
        if (source.get().name().equals(Mailbox.INBOX)) {
            Optional<Mailbox> target = create(owner, to, null);
            if (target.isEmpty()) {
                return RenameResult.ALREADY_EXISTS;
            }
            List<StoredMessage> all = messages(source.get());
            copy(all, target.get());
            expunge(source.get(), all.stream().map(StoredMessage::uid).toList());
            return RenameResult.RENAMED;
        }
        String prefix = source.get().name() + MailboxNames.DELIMITER;
        List<Mailbox> below = mailboxes.list(owner).stream().filter(m -> m.name().startsWith(prefix)).toList();
        for (Mailbox m : below) {
            if (mailboxes.find(owner, to + m.name().substring(prefix.length() - 1)).isPresent()) {
                return RenameResult.ALREADY_EXISTS;
            }
        }
        for (String parent : MailboxNames.parents(to)) {
            if (!MailboxNames.isInbox(parent)) {
                mailboxes.ensure(owner, parent, null);
            }
        }
        if (!mailboxes.rename(source.get().id(), to)) {
            return RenameResult.ALREADY_EXISTS;
        }
        for (Mailbox m : below) {
            mailboxes.rename(m.id(), to + m.name().substring(prefix.length() - 1));
        }
        return RenameResult.RENAMED;
    }

    public void subscribe(String owner, String name) {
        mailboxes.subscribe(owner, name);
    }

    public void unsubscribe(String owner, String name) {
        mailboxes.unsubscribe(owner, name);
    }

    public List<String> subscriptions(String owner) {
        return mailboxes.subscriptions(owner);
    }

    /**
     * The message records of a mailbox in ascending UID order (immutable), at least as current as
     * {@code mailbox}'s counters, which the caller read just before. Mostly from the instance's
     * {@link MailboxSnapshots}: only what changed since the last opening is read.
     */
    public List<StoredMessage> messages(Mailbox mailbox) {
        return snapshots.messages(mailbox, Long.MAX_VALUE);
    }

    /** As {@link #messages(Mailbox)}, for counters read before {@code ticket} was taken (see {@link #ticket}). */
    public List<StoredMessage> messages(Mailbox mailbox, long ticket) {
        return snapshots.messages(mailbox, ticket);
    }

    /**
     * A ticket to take just after reading a mailbox's counters, then to pass with them: reads that
     * began after it need not be made again for those counters ({@link MailboxSnapshots#ticket}).
     */
    public long ticket() {
        return snapshots.ticket();
    }

    /** The search texts of a mailbox's messages by UID (the listings above leave them out). */
    public Map<Long, SearchText> searchTexts(Mailbox mailbox) {
        return messages.searchTexts(mailbox.id());
    }

    /**
     * For a session's view: the records changed or added after {@code modSeq} (ascending UIDs) and
     * the expunges after it, at least as current as {@code now}, the counters read before {@code ticket}.
     * From the instance's snapshot of the mailbox when it holds one, else from the store (the
     * expunges only when asked for).
     */
    public Changes changesSince(Mailbox now, long ticket, long modSeq) {
        Optional<MailboxSnapshots.Changes> held = snapshots.changesSince(now, ticket, modSeq);
        if (held.isEmpty()) {
            return new Changes(changedSince(now, modSeq), () -> expungedSince(now, modSeq));
        }
        List<MessageStore.Expunged> expunged = held.get().expunged();
        return new Changes(held.get().changed(), expunged != null ? () -> expunged : () -> expungedSince(now, modSeq));
    }

    /** What {@link #changesSince} found: the changed records, and the expunges (read when first asked for). */
    public record Changes(List<StoredMessage> changed, Supplier<List<MessageStore.Expunged>> expunged) {
    }

    /** The message records of a mailbox changed or added after {@code modSeq}, in ascending UID order. */
    public List<StoredMessage> changedSince(Mailbox mailbox, long modSeq) {
        return messages.changedSince(mailbox.id(), modSeq);
    }

    /** The message records of a mailbox that carry {@code flag} now (as stored), in ascending UID order. */
    public List<StoredMessage> withFlag(Mailbox mailbox, String flag) {
        return messages.withFlag(mailbox.id(), flag);
    }

    /** Messages, those without {@code lacking}, those with {@code carrying}, and octets of a mailbox. */
    /** How many messages a mailbox holds. */
    public long count(Mailbox mailbox) {
        return messages.count(mailbox.id());
    }

    public MessageStore.Counts counts(Mailbox mailbox, String lacking, String carrying) {
        return messages.counts(mailbox.id(), lacking, carrying);
    }

    /** UIDs expunged from a mailbox after {@code modSeq} (QRESYNC). */
    public List<MessageStore.Expunged> expungedSince(Mailbox mailbox, long modSeq) {
        return messages.expungedSince(mailbox.id(), modSeq);
    }

    /** UIDs above {@code uid} expunged from a mailbox, whenever that was. */
    public List<MessageStore.Expunged> expungedAbove(Mailbox mailbox, long uid) {
        return messages.expungedAbove(mailbox.id(), uid);
    }

    /**
     * Claims the UIDs up to {@code upToUid} as {@code \Recent} for the calling IMAP session; returns
     * the highest UID claimed before (the caller's are those above it). See {@link MailboxStore#claimRecent}.
     */
    public long claimRecent(Mailbox mailbox, long upToUid) {
        return mailboxes.claimRecent(mailbox.id(), upToUid);
    }

    /** How many messages no IMAP session has been given as {@code \Recent} yet (STATUS RECENT). */
    public long countUnclaimedRecent(Mailbox mailbox) {
        return mailbox.recentUid() >= mailbox.uidNext() - 1 ? 0 : messages.countAbove(mailbox.id(), mailbox.recentUid());
    }

    /**
     * What the owner stores over all mailboxes (QUOTA): the running total delivery checks its
     * quota against, one read instead of a count of every message at each GETQUOTAROOT.
     */
    public MessageStore.Usage usage(String owner) {
        return messages.countedUsage(owner);
    }

    /** The raw RFC 5322 bytes of a message. */
    public byte[] content(StoredMessage message) {
        return blobs.get(message.blobId())
                .orElseThrow(() -> new StoreException("message body " + message.blobId() + " is missing"));
    }

    /**
     * Stores a message a client uploaded (IMAP APPEND): the bytes in the blob store, the header
     * section and the summary computed as for a delivery. Returns the new record.
     */
    public StoredMessage append(Mailbox mailbox, byte[] raw, Set<String> flags, Date internalDate) {
        String blobId = blobs.put(raw);
        MailboxStore.Allocation a = mailboxes.allocateUid(mailbox.id());
        String messageId = "imap-" + UUID.randomUUID();
        StoredMessage m = new StoredMessage(messageId + "/" + mailbox.owner(), mailbox.id(), a.uid(), a.modSeq(),
                flags, internalDate, raw.length, blobId, messageId, mailbox.owner(), HeaderSection.of(raw),
                summarize(raw));
        messages.insert(m);
        changes.publish(event(mailbox, MailboxChanged.Kind.APPENDED, a.uid(), a.modSeq()));
        return m;
    }

    /** The summary of an uploaded message, as delivery computes it; null when it has none. */
    private static MessageSummary summarize(byte[] raw) {
        try {
            return MessageSummarizer.summarize(raw);
        } catch (RuntimeException e) {
            return null; // IMAP parses the stored bytes instead
        }
    }

    /**
     * Copies messages (same blob, flags and internal date) into {@code target} under consecutive
     * new UIDs, returned in the order of {@code source}.
     */
    public List<Long> copy(List<StoredMessage> source, Mailbox target) {
        if (source.isEmpty()) {
            return List.of();
        }
        MailboxStore.Allocation a = mailboxes.allocateUids(target.id(), source.size());
        List<Long> uids = new ArrayList<>();
        long uid = a.uid();
        for (StoredMessage s : source) {
            StoredMessage copy = new StoredMessage(UUID.randomUUID() + "/" + target.owner(), target.id(), uid,
                    a.modSeq(), s.flags(), s.internalDate(), s.size(), s.blobId(), s.messageId(), target.owner(),
                    s.header(), s.summary());
            messages.insert(copy);
            uids.add(uid++);
        }
        changes.publish(event(target, MailboxChanged.Kind.APPENDED, uid - 1, a.modSeq()));
        return uids;
    }

    /** Replaces the flags of a message under a new MODSEQ and returns the updated record. */
    public StoredMessage setFlags(StoredMessage message, Set<String> flags) {
        long modSeq = mailboxes.nextModSeq(message.mailboxId());
        messages.setFlags(message.mailboxId(), message.uid(), flags, modSeq);
        changes.publish(new MailboxChanged(MailboxChanged.SCHEMA_VERSION, message.owner(), message.mailboxId(), null,
                MailboxChanged.Kind.FLAGS, message.uid(), modSeq));
        return message.withFlags(flags, modSeq);
    }

    /**
     * Removes messages for good, remembering their UIDs for QRESYNC. The mailbox's MODSEQ moves
     * too, so other sessions that watch the counters notice the change.
     */
    public long expunge(Mailbox mailbox, Collection<Long> uids) {
        if (uids.isEmpty()) {
            return 0;
        }
        long modSeq = mailboxes.nextModSeq(mailbox.id());
        long removed = messages.delete(mailbox.id(), uids, modSeq);
        changes.publish(event(mailbox, MailboxChanged.Kind.EXPUNGED, 0, modSeq));
        return removed;
    }

    private static MailboxChanged event(Mailbox m, MailboxChanged.Kind kind, long uid, long modSeq) {
        return new MailboxChanged(MailboxChanged.SCHEMA_VERSION, m.owner(), m.id(), m.name(), kind, uid, modSeq);
    }
}
