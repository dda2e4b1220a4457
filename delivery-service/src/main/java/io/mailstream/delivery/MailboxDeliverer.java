package io.mailstream.delivery;

import io.mailstream.core.MailAddress;
import io.mailstream.core.event.LocalDelivery;
import io.mailstream.store.BlobStore;
import io.mailstream.store.Mailbox;
import io.mailstream.store.MailboxStore;
import io.mailstream.store.MessageStore;
import io.mailstream.store.StoredMessage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Date;
import java.util.Set;

/**
 * Stores one local delivery in its owner's INBOX, exactly once [Postfix virtual]. The message
 * record's id is the delivery id (message id + owner): when it exists the delivery is a no-op, so
 * a record Kafka hands out twice still shows once. The UID comes from the mailbox's atomic counter;
 * a UID taken by a delivery that then turns out to be a duplicate is skipped, which IMAP allows
 * (UIDs must increase, not be dense).
 *
 * <p>Not yet: aliases, quota, and the Return-Path / Delivered-To header fields a local delivery
 * agent prepends. The blob is content-addressed and shared by all recipients, so per-recipient
 * header fields need their own storage; the message is stored exactly as received.
 *
 * <p>Application-scoped so that it, and the stores it needs (which touch MongoDB when created), are
 * created on the first delivery, inside the consumer's retry, not when the consumer is created.
 */
@ApplicationScoped
public class MailboxDeliverer {

    public enum Result { STORED, DUPLICATE }

    /** What a delivery did; {@code uid} and {@code modSeq} are 0 for a duplicate. */
    public record Delivery(Result result, Mailbox mailbox, long uid, long modSeq) {
    }

    private final BlobStore blobs;
    private final MailboxStore mailboxes;
    private final MessageStore messages;
    private final int headerLimit;

    @Inject
    public MailboxDeliverer(BlobStore blobs, MailboxStore mailboxes, MessageStore messages) {
        this(blobs, mailboxes, messages, HeaderSection.DEFAULT_LIMIT);
    }

    MailboxDeliverer(BlobStore blobs, MailboxStore mailboxes, MessageStore messages, int headerLimit) {
        this.blobs = blobs;
        this.mailboxes = mailboxes;
        this.messages = messages;
        this.headerLimit = headerLimit;
    }

    /**
     * Delivers, or throws {@link UndeliverableMessage} when the record can never be delivered, or
     * {@link io.mailstream.store.StoreException} (or a driver exception) when the store failed.
     */
    public Delivery deliver(LocalDelivery d) {
        check(d);
        Mailbox inbox = mailboxes.ensure(d.owner(), Mailbox.INBOX, null);
        if (messages.exists(d.deliveryId())) {
            return new Delivery(Result.DUPLICATE, inbox, 0, 0);
        }
        byte[] raw = blobs.get(d.blobId()).orElseThrow(() -> new UndeliverableMessage(
                "blob " + d.blobId() + " of message " + d.messageId() + " is not in the store"));
        String header = HeaderSection.of(raw, headerLimit);
        MailboxStore.Allocation next = mailboxes.allocateUid(inbox.id());
        StoredMessage stored = new StoredMessage(d.deliveryId(), inbox.id(), next.uid(), next.modSeq(), Set.of(),
                Date.from(d.acceptedAt()), raw.length, d.blobId(), d.messageId(), d.owner(), header);
        if (!messages.insert(stored)) {
            return new Delivery(Result.DUPLICATE, inbox, 0, 0);
        }
        return new Delivery(Result.STORED, inbox, next.uid(), next.modSeq());
    }

    /** A record missing these, or naming an owner that is not an account key, is never deliverable. */
    private static void check(LocalDelivery d) {
        if (isBlank(d.messageId()) || isBlank(d.blobId()) || isBlank(d.owner()) || d.acceptedAt() == null) {
            throw new UndeliverableMessage("delivery record lacks messageId, blobId, owner or acceptedAt");
        }
        String key;
        try {
            key = MailAddress.parse(d.owner()).key();
        } catch (IllegalArgumentException e) {
            throw new UndeliverableMessage("owner is not an address: " + e.getMessage());
        }
        if (!key.equals(d.owner())) {
            throw new UndeliverableMessage("owner " + d.owner() + " is not in account-key form " + key);
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
