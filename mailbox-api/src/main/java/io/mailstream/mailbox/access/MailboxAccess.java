package io.mailstream.mailbox.access;

import io.mailstream.store.BlobStore;
import io.mailstream.store.Mailbox;
import io.mailstream.store.MailboxStore;
import io.mailstream.store.MessageStore;
import io.mailstream.store.StoreException;
import io.mailstream.store.StoredMessage;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One user's view of the store, shared by IMAP and POP3: their mailboxes, the message records in
 * UID order, the raw bytes, flag changes and expunges. Every lookup is by owner, so a session can
 * only reach the mailboxes of the account it authenticated as. Failures surface as
 * {@link StoreException} (temporary).
 */
@Singleton
public class MailboxAccess {

    private final MailboxStore mailboxes;
    private final MessageStore messages;
    private final BlobStore blobs;

    @Inject
    public MailboxAccess(MailboxStore mailboxes, MessageStore messages, BlobStore blobs) {
        this.mailboxes = mailboxes;
        this.messages = messages;
        this.blobs = blobs;
    }

    /** The user's INBOX, created if no delivery has created it yet. */
    public Mailbox inbox(String owner) {
        return mailboxes.ensure(owner, Mailbox.INBOX, null);
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

    /** The message records of a mailbox in ascending UID order. */
    public List<StoredMessage> messages(Mailbox mailbox) {
        return messages.list(mailbox.id());
    }

    /** The raw RFC 5322 bytes of a message. */
    public byte[] content(StoredMessage message) {
        return blobs.get(message.blobId())
                .orElseThrow(() -> new StoreException("message body " + message.blobId() + " is missing"));
    }

    /** Replaces the flags of a message under a new MODSEQ and returns the updated record. */
    public StoredMessage setFlags(StoredMessage message, Set<String> flags) {
        long modSeq = mailboxes.nextModSeq(message.mailboxId());
        messages.setFlags(message.mailboxId(), message.uid(), flags, modSeq);
        return message.withFlags(flags, modSeq);
    }

    /**
     * Removes messages for good. The mailbox's MODSEQ moves too, so other sessions that watch
     * the counters notice the change.
     */
    public long expunge(Mailbox mailbox, Collection<Long> uids) {
        if (uids.isEmpty()) {
            return 0;
        }
        long removed = messages.delete(mailbox.id(), uids);
        mailboxes.nextModSeq(mailbox.id());
        return removed;
    }
}
