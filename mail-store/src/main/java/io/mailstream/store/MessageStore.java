package io.mailstream.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.bson.Document;

/** Message records of all mailboxes. */
@Singleton
public class MessageStore {

    private final MongoCollection<Document> messages;
    private final MongoCollection<Document> expunged;

    @Inject
    public MessageStore(MongoDatabase db) {
        this.messages = db.getCollection("messages");
        this.expunged = db.getCollection("expunged");
        messages.createIndex(Indexes.ascending("mailboxId", "uid"));
        expunged.createIndex(Indexes.ascending("mailboxId", "modSeq"));
    }

    /** An expunged UID and the MODSEQ of its expunge (QRESYNC VANISHED). */
    public record Expunged(long uid, long modSeq) {
    }

    /**
     * Inserts a message record. Returns false, changing nothing, when a record with the same id
     * (the same message for the same owner) already exists: that is how a redelivered Kafka record
     * becomes a no-op.
     */
    public boolean insert(StoredMessage m) {
        try {
            messages.insertOne(m.toDocument());
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw new StoreException("message write failed", e);
        } catch (MongoException e) {
            throw new StoreException("message write failed", e);
        }
    }

    public boolean exists(String id) {
        return messages.find(Filters.eq("_id", id)).first() != null;
    }

    /** All messages of a mailbox in UID order. */
    public List<StoredMessage> list(String mailboxId) {
        List<StoredMessage> out = new ArrayList<>();
        try {
            messages.find(Filters.eq("mailboxId", mailboxId)).sort(Sorts.ascending("uid"))
                    .forEach(d -> out.add(StoredMessage.from(d)));
        } catch (MongoException e) {
            throw new StoreException("message read failed", e);
        }
        return out;
    }

    public Optional<StoredMessage> find(String mailboxId, long uid) {
        return Optional.ofNullable(messages.find(Filters.and(Filters.eq("mailboxId", mailboxId), Filters.eq("uid", uid)))
                .first()).map(StoredMessage::from);
    }

    /** Replaces the flags of one message and stamps the change with {@code modSeq}. */
    public void setFlags(String mailboxId, long uid, Set<String> flags, long modSeq) {
        try {
            messages.updateOne(Filters.and(Filters.eq("mailboxId", mailboxId), Filters.eq("uid", uid)),
                    Updates.combine(Updates.set("flags", new ArrayList<>(new TreeSet<>(flags))),
                            Updates.set("modSeq", modSeq)));
        } catch (MongoException e) {
            throw new StoreException("flag write failed", e);
        }
    }

    /** Removes messages from a mailbox (EXPUNGE, POP3 DELE at QUIT). Returns how many went. */
    public long delete(String mailboxId, Collection<Long> uids) {
        if (uids.isEmpty()) {
            return 0;
        }
        try {
            return messages.deleteMany(Filters.and(Filters.eq("mailboxId", mailboxId), Filters.in("uid", uids)))
                    .getDeletedCount();
        } catch (MongoException e) {
            throw new StoreException("expunge failed", e);
        }
    }

    /**
     * Removes messages like {@link #delete(String, Collection)} and remembers each removed UID with
     * {@code modSeq}, so a client resynchronizing (QRESYNC) learns what vanished since it looked.
     */
    public long delete(String mailboxId, Collection<Long> uids, long modSeq) {
        if (uids.isEmpty()) {
            return 0;
        }
        try {
            List<Document> history = new ArrayList<>();
            for (long uid : uids) {
                history.add(new Document("_id", mailboxId + ":" + uid).append("mailboxId", mailboxId)
                        .append("uid", uid).append("modSeq", modSeq));
            }
            for (Document h : history) {
                expunged.replaceOne(Filters.eq("_id", h.getString("_id")), h,
                        new com.mongodb.client.model.ReplaceOptions().upsert(true));
            }
        } catch (MongoException e) {
            throw new StoreException("expunge failed", e);
        }
        return delete(mailboxId, uids);
    }

    /** UIDs expunged from a mailbox after {@code modSeq}, ascending. */
    public List<Expunged> expungedSince(String mailboxId, long modSeq) {
        List<Expunged> out = new ArrayList<>();
        try {
            expunged.find(Filters.and(Filters.eq("mailboxId", mailboxId), Filters.gt("modSeq", modSeq)))
                    .sort(Sorts.ascending("uid"))
                    .forEach(d -> out.add(new Expunged(((Number) d.get("uid")).longValue(),
                            ((Number) d.get("modSeq")).longValue())));
        } catch (MongoException e) {
            throw new StoreException("expunge history read failed", e);
        }
        return out;
    }

    /** Removes every message of a mailbox and its expunge history (IMAP DELETE). */
    public long deleteMailbox(String mailboxId) {
        try {
            expunged.deleteMany(Filters.eq("mailboxId", mailboxId));
            return messages.deleteMany(Filters.eq("mailboxId", mailboxId)).getDeletedCount();
        } catch (MongoException e) {
            throw new StoreException("mailbox delete failed", e);
        }
    }

    /** Octets and number of messages an owner stores over all mailboxes (IMAP QUOTA). */
    public record Usage(long bytes, long messages) {
    }

    public Usage usage(String owner) {
        long bytes = 0;
        long count = 0;
        try {
            for (Document d : messages.find(Filters.eq("owner", owner))
                    .projection(com.mongodb.client.model.Projections.include("size"))) {
                bytes += ((Number) d.get("size")).longValue();
                count++;
            }
        } catch (MongoException e) {
            throw new StoreException("message read failed", e);
        }
        return new Usage(bytes, count);
    }
}
