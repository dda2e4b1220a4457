package io.mailstream.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.bson.Document;

/**
 * Mailboxes and their counters. A mailbox's id is {@code owner/name}-independent so that a rename
 * keeps its messages; UIDs and MODSEQs come from single-document {@code $inc} updates, so
 * concurrent deliveries never hand out the same number twice.
 */
@Singleton
public class MailboxStore {

    private final MongoCollection<Document> mailboxes;
    private final MongoCollection<Document> subscriptions;

    @Inject
    public MailboxStore(MongoDatabase db) {
        this.mailboxes = db.getCollection("mailboxes");
        this.subscriptions = db.getCollection("subscriptions");
        mailboxes.createIndex(Indexes.ascending("owner", "name"), new IndexOptions().unique(true));
        // Redundant on MongoDB (the unique index's prefix), but the embedded store's unique indexes
        // do not serve {$and: [...]} queries: without it, finding one mailbox read all of them.
        mailboxes.createIndex(Indexes.ascending("owner"));
        subscriptions.createIndex(Indexes.ascending("owner"));
    }

    /** A UID and the MODSEQ of the change that assigns it. */
    public record Allocation(long uid, long modSeq, long uidValidity) {
    }

    public Optional<Mailbox> find(String owner, String name) {
        try {
            return Optional.ofNullable(mailboxes.find(Filters.and(Filters.eq("owner", owner), Filters.eq("name", name)))
                    .first()).map(Mailbox::from);
        } catch (MongoException e) {
            throw new StoreException("mailbox read failed", e);
        }
    }

    public Optional<Mailbox> byId(String id) {
        return Optional.ofNullable(mailboxes.find(Filters.eq("_id", id)).first()).map(Mailbox::from);
    }

    public List<Mailbox> list(String owner) {
        List<Mailbox> out = new ArrayList<>();
        mailboxes.find(Filters.eq("owner", owner)).sort(Sorts.ascending("name")).forEach(d -> out.add(Mailbox.from(d)));
        return out;
    }

    /**
     * Returns the named mailbox, creating it when missing. Two callers racing to create it both
     * get the same mailbox: the unique (owner, name) index lets exactly one insert win.
     */
    public Mailbox ensure(String owner, String name, String specialUse) {
        Optional<Mailbox> existing = find(owner, name);
        if (existing.isPresent()) {
            return existing.get();
        }
        Document d = new Document("_id", java.util.UUID.randomUUID().toString())
                .append("owner", owner).append("name", name)
                .append("uidValidity", System.currentTimeMillis() / 1000)
                .append("uidNext", 1L).append("highestModSeq", 1L).append("specialUse", specialUse);
        try {
            mailboxes.insertOne(d);
            return Mailbox.from(d);
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return find(owner, name).orElseThrow(() -> new StoreException("mailbox vanished while creating"));
            }
            throw new StoreException("mailbox write failed", e);
        } catch (MongoException e) {
            throw new StoreException("mailbox write failed", e);
        }
    }

    /** The folders every account gets with its INBOX, with their RFC 6154 special-use attributes. */
    public static final java.util.Map<String, String> DEFAULT_SPECIAL_USE = java.util.Map.of("Sent", "\\Sent",
            "Drafts", "\\Drafts", "Trash", "\\Trash", "Junk", "\\Junk", "Archive", "\\Archive");

    /**
     * The owner's INBOX. On first use (no INBOX yet) first creates and subscribes the
     * {@link #DEFAULT_SPECIAL_USE} folders, then INBOX, so an existing INBOX means they exist even
     * after a crash in between, and a folder the user deleted later is not brought back.
     * Idempotent and safe when several deliveries race (see {@link #ensure}).
     */
    public Mailbox provision(String owner) {
        Optional<Mailbox> inbox = find(owner, Mailbox.INBOX);
        if (inbox.isPresent()) {
            return inbox.get();
        }
        DEFAULT_SPECIAL_USE.forEach((name, use) -> {
            ensure(owner, name, use);
            subscribe(owner, name);
        });
        subscribe(owner, Mailbox.INBOX);
        return ensure(owner, Mailbox.INBOX, null);
    }

    /** Atomically takes the next UID and MODSEQ of a mailbox for a new message. */
    public Allocation allocateUid(String mailboxId) {
        Document after = mailboxes.findOneAndUpdate(Filters.eq("_id", mailboxId),
                Updates.combine(Updates.inc("uidNext", 1L), Updates.inc("highestModSeq", 1L)),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        if (after == null) {
            throw new StoreException("no mailbox " + mailboxId);
        }
        Mailbox m = Mailbox.from(after);
        return new Allocation(m.uidNext() - 1, m.highestModSeq(), m.uidValidity());
    }

    /** Atomically takes the next MODSEQ of a mailbox for a flag change or expunge. */
    public long nextModSeq(String mailboxId) {
        Document after = mailboxes.findOneAndUpdate(Filters.eq("_id", mailboxId), Updates.inc("highestModSeq", 1L),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        if (after == null) {
            throw new StoreException("no mailbox " + mailboxId);
        }
        return ((Number) after.get("highestModSeq")).longValue();
    }

    /**
     * Claims the messages up to {@code upToUid} as {@code \Recent} for one IMAP session (RFC 3501
     * 2.3.2): raises the mailbox's {@code recentUid} to {@code upToUid} in one atomic update and
     * returns its value before. The UIDs above that value, up to {@code upToUid}, are the caller's
     * alone, whichever instance the other sessions run on; a result of {@code upToUid} or more
     * means another session claimed them first.
     */
    public long claimRecent(String mailboxId, long upToUid) {
        Document before;
        try {
            before = mailboxes.findOneAndUpdate(Filters.eq("_id", mailboxId), Updates.max("recentUid", upToUid),
                    new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE));
        } catch (MongoException e) {
            throw new StoreException("mailbox write failed", e);
        }
        if (before == null) {
            throw new StoreException("no mailbox " + mailboxId);
        }
        return Mailbox.from(before).recentUid();
    }

    /**
     * Creates a mailbox; empty when one of that name exists already (the unique index decides a
     * race). For IMAP CREATE, where an existing name is an error, unlike {@link #ensure}.
     */
    public Optional<Mailbox> create(String owner, String name, String specialUse) {
        Document d = new Document("_id", java.util.UUID.randomUUID().toString())
                .append("owner", owner).append("name", name)
                .append("uidValidity", System.currentTimeMillis() / 1000)
                .append("uidNext", 1L).append("highestModSeq", 1L).append("specialUse", specialUse);
        try {
            mailboxes.insertOne(d);
            return Optional.of(Mailbox.from(d));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return Optional.empty();
            }
            throw new StoreException("mailbox write failed", e);
        } catch (MongoException e) {
            throw new StoreException("mailbox write failed", e);
        }
    }

    /** Gives a mailbox a new name; its id, UIDVALIDITY and messages stay. False if the name is taken. */
    public boolean rename(String mailboxId, String newName) {
        try {
            return mailboxes.updateOne(Filters.eq("_id", mailboxId), Updates.set("name", newName))
                    .getModifiedCount() == 1;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw new StoreException("mailbox write failed", e);
        } catch (MongoException e) {
            throw new StoreException("mailbox write failed", e);
        }
    }

    /** Removes a mailbox record (its messages are removed by {@link MessageStore#deleteMailbox}). */
    public boolean delete(String mailboxId) {
        try {
            return mailboxes.deleteOne(Filters.eq("_id", mailboxId)).getDeletedCount() == 1;
        } catch (MongoException e) {
            throw new StoreException("mailbox delete failed", e);
        }
    }

    /**
     * Atomically takes {@code count} consecutive UIDs (and one MODSEQ) for messages copied or
     * appended together; the returned allocation holds the first UID.
     */
    public Allocation allocateUids(String mailboxId, int count) {
        Document after = mailboxes.findOneAndUpdate(Filters.eq("_id", mailboxId),
                Updates.combine(Updates.inc("uidNext", (long) count), Updates.inc("highestModSeq", 1L)),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        if (after == null) {
            throw new StoreException("no mailbox " + mailboxId);
        }
        Mailbox m = Mailbox.from(after);
        return new Allocation(m.uidNext() - count, m.highestModSeq(), m.uidValidity());
    }

    /** Subscriptions (IMAP SUBSCRIBE/LSUB) are names, which need not exist as mailboxes. */
    public void subscribe(String owner, String name) {
        try {
            subscriptions.replaceOne(Filters.and(Filters.eq("owner", owner), Filters.eq("name", name)),
                    new Document("owner", owner).append("name", name),
                    new com.mongodb.client.model.ReplaceOptions().upsert(true));
        } catch (MongoException e) {
            throw new StoreException("subscription write failed", e);
        }
    }

    public void unsubscribe(String owner, String name) {
        try {
            subscriptions.deleteMany(Filters.and(Filters.eq("owner", owner), Filters.eq("name", name)));
        } catch (MongoException e) {
            throw new StoreException("subscription write failed", e);
        }
    }

    /** The names the owner subscribed to, sorted. */
    public List<String> subscriptions(String owner) {
        List<String> out = new ArrayList<>();
        try {
            subscriptions.find(Filters.eq("owner", owner)).sort(Sorts.ascending("name"))
                    .forEach(d -> out.add(d.getString("name")));
        } catch (MongoException e) {
            throw new StoreException("subscription read failed", e);
        }
        return out;
    }
}
