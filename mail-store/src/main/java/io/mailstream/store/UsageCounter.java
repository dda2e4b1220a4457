package io.mailstream.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;

import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * What each owner stores over all mailboxes, as one running total per owner (collection
 * {@code usage}, {@code _id} = owner, {@code bytes}, {@code messages}), so that a quota is
 * enforced with one single-document atomic update instead of a scan followed by an insert: two
 * delivery instances racing for the last room of a mailbox cannot both get it. No transactions:
 * the total is kept by {@code $inc} next to each insert and delete of a message record.
 *
 * <p>An owner's total is created on first use from a scan of their messages (insert-if-absent,
 * so racing creators agree). A message inserted or deleted without a reservation while that scan
 * runs, or a counter update lost to an outage between a message write and its {@code $inc}, makes
 * the total drift by that message until {@link #recount} sets it from a scan again.
 */
final class UsageCounter {

    private final MongoCollection<Document> usage;
    private final MongoCollection<Document> messages;

    UsageCounter(MongoCollection<Document> usage, MongoCollection<Document> messages) {
        this.usage = usage;
        this.messages = messages;
    }

    /**
     * Adds one message of {@code size} octets to the owner's total if it stays within the limits
     * (0 = no limit), atomically; false, changing nothing, if it would not.
     */
    boolean reserve(String owner, long size, long maxBytes, long maxMessages) {
        if (take(owner, size, maxBytes, maxMessages)) {
            return true;
        }
        // Full, or no total yet: only the second costs a scan, once per owner.
        return ensure(owner) && take(owner, size, maxBytes, maxMessages);
    }

    private boolean take(String owner, long size, long maxBytes, long maxMessages) {
        List<Bson> fits = new ArrayList<>(List.of(Filters.eq("_id", owner)));
        if (maxBytes > 0) {
            fits.add(Filters.lte("bytes", maxBytes - size));
        }
        if (maxMessages > 0) {
            fits.add(Filters.lte("messages", maxMessages - 1));
        }
        try {
            return usage.findOneAndUpdate(Filters.and(fits),
                    Updates.combine(Updates.inc("bytes", size), Updates.inc("messages", 1L))) != null;
        } catch (MongoException e) {
            throw new StoreException("quota reservation failed", e);
        }
    }

    /** Changes the owner's total by {@code bytes} and {@code count}; an owner without a total yet is left to its first scan. */
    void add(String owner, long bytes, long count) {
        try {
            usage.updateOne(Filters.eq("_id", owner), Updates.combine(Updates.inc("bytes", bytes),
                    Updates.inc("messages", count)));
        } catch (MongoException e) {
            throw new StoreException("usage update failed", e);
        }
    }

    /** The owner's running total. */
    MessageStore.Usage current(String owner) {
        ensure(owner);
        try {
            Document d = usage.find(Filters.eq("_id", owner)).first();
            return d == null ? new MessageStore.Usage(0, 0) : usage(d);
        } catch (MongoException e) {
            throw new StoreException("usage read failed", e);
        }
    }

    /** Sets the owner's total from a scan of their messages (repair after drift). */
    MessageStore.Usage recount(String owner) {
        MessageStore.Usage scanned = scan(owner);
        try {
            usage.replaceOne(Filters.eq("_id", owner), document(owner, scanned), new ReplaceOptions().upsert(true));
        } catch (MongoException e) {
            throw new StoreException("usage update failed", e);
        }
        return scanned;
    }

    /** Octets and messages the owner stores, counted message by message. */
    MessageStore.Usage scan(String owner) {
        long bytes = 0;
        long count = 0;
        try {
            for (Document d : messages.find(Filters.eq("owner", owner)).projection(Projections.include("size"))) {
                bytes += ((Number) d.get("size")).longValue();
                count++;
            }
        } catch (MongoException e) {
            throw new StoreException("message read failed", e);
        }
        return new MessageStore.Usage(bytes, count);
    }

    /** Makes the owner's total if there is none; true if this call made it (so it is worth trying again). */
    private boolean ensure(String owner) {
        try {
            if (usage.find(Filters.eq("_id", owner)).first() != null) {
                return false;
            }
            usage.insertOne(document(owner, scan(owner)));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw new StoreException("usage update failed", e);
            }
            return true; // another instance created it first
        } catch (MongoException e) {
            throw new StoreException("usage update failed", e);
        }
    }

    private static Document document(String owner, MessageStore.Usage u) {
        return new Document("_id", owner).append("bytes", u.bytes()).append("messages", u.messages());
    }

    private static MessageStore.Usage usage(Document d) {
        return new MessageStore.Usage(((Number) d.get("bytes")).longValue(), ((Number) d.get("messages")).longValue());
    }
}
