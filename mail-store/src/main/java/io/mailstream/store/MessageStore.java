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

    @Inject
    public MessageStore(MongoDatabase db) {
        this.messages = db.getCollection("messages");
        messages.createIndex(Indexes.ascending("mailboxId", "uid"));
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
}
