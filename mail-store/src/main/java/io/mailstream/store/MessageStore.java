package io.mailstream.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import io.mailstream.store.summary.SearchText;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.jboss.logging.Logger;

/**
 * Message records of all mailboxes. Every insert and delete also keeps the owner's running usage
 * total ({@link UsageCounter}), so quota enforcement is one atomic update ({@link #reserve}).
 */
@Singleton
public class MessageStore {

    private static final Logger LOG = Logger.getLogger(MessageStore.class);

    private final MongoDatabase db;
    private final MongoCollection<Document> messages;
    private final MongoCollection<Document> expunged;
    private final UsageCounter counter;

    @Inject
    public MessageStore(MongoDatabase db) {
        this.db = db;
        this.messages = db.getCollection("messages");
        this.expunged = db.getCollection("expunged");
        this.counter = new UsageCounter(db.getCollection("usage"), messages);
        messages.createIndex(Indexes.ascending("mailboxId", "uid"));
        // what changed in a mailbox since a MODSEQ (every IMAP refresh asks) is a range of this index
        messages.createIndex(Indexes.ascending("mailboxId", "modSeq"));
        // an owner's usage is counted from their messages when their running total is first made
        messages.createIndex(Indexes.ascending("owner"));
        expunged.createIndex(Indexes.ascending("mailboxId", "modSeq"));
    }

    /** An expunged UID and the MODSEQ of its expunge (QRESYNC VANISHED). */
    public record Expunged(long uid, long modSeq) {
    }

    /**
     * Inserts a message record. Returns false, changing nothing, when a record with the same id
     * (the same message for the same owner) already exists: that is how a redelivered Kafka record
     * becomes a no-op. The message counts towards its owner's usage.
     */
    public boolean insert(StoredMessage m) {
        if (!insertRecord(m)) {
            return false;
        }
        adjust(m.owner(), m.size(), 1);
        return true;
    }

    /**
     * Takes room for one message of {@code size} octets in {@code owner}'s quota (0 = no limit),
     * atomically: with any number of instances delivering at once the limits hold. False, taking
     * nothing, when it does not fit. Follow it with {@link #insertReserved} or {@link #release}.
     */
    public boolean reserve(String owner, long size, long maxBytes, long maxMessages) {
        return counter.reserve(owner, size, maxBytes, maxMessages);
    }

    /** Gives back room taken with {@link #reserve} that no message used. */
    public void release(String owner, long size) {
        counter.add(owner, -size, -1);
    }

    /**
     * Inserts a message whose room {@link #reserve} took, like {@link #insert}; the room goes back
     * when the message turns out to be a duplicate, or when the write failed and nothing was stored.
     */
    public boolean insertReserved(StoredMessage m) {
        boolean inserted;
        try {
            inserted = insertRecord(m);
        } catch (StoreException e) {
            try {
                if (!exists(m.id())) {
                    release(m.owner(), m.size());
                }
            } catch (RuntimeException again) {
                LOG.warnf("usage of %s may count %d octets too many until recounted: %s", m.owner(), m.size(),
                        again.toString());
            }
            throw e;
        }
        if (!inserted) {
            release(m.owner(), m.size());
        }
        return inserted;
    }

    /** The owner's running usage total, the one {@link #reserve} checks (see {@link #usage} for a scan). */
    public Usage countedUsage(String owner) {
        return counter.current(owner);
    }

    /** Sets the owner's running usage total from a scan of their messages, and returns it. */
    public Usage recountUsage(String owner) {
        return counter.recount(owner);
    }

    private boolean insertRecord(StoredMessage m) {
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

    private static final String SEARCH_TEXT = "summary.text";

    /**
     * The search text stored with each message of a mailbox that has one, by UID: one query for a
     * SEARCH or SORT with BODY or TEXT over the listing {@link #list} gave without them.
     */
    public Map<Long, SearchText> searchTexts(String mailboxId) {
        Map<Long, SearchText> out = new HashMap<>();
        try {
            messages.find(Filters.eq("mailboxId", mailboxId)).projection(Projections.include("uid", SEARCH_TEXT))
                    .forEach(d -> {
                        Document summary = d.get("summary", Document.class);
                        Document text = summary == null ? null : summary.get("text", Document.class);
                        if (text != null && d.get("uid") instanceof Number uid) {
                            out.put(uid.longValue(), SearchText.fromDocument(text));
                        }
                    });
        } catch (MongoException e) {
            throw new StoreException("message read failed", e);
        }
        return out;
    }

    /** All messages of a mailbox in UID order. */
    public List<StoredMessage> list(String mailboxId) {
        return inUidOrder(Filters.eq("mailboxId", mailboxId));
    }

    /**
     * The messages of a mailbox whose MODSEQ is above {@code modSeq}, in UID order: what changed
     * (flags) or arrived since then. A new message always gets a MODSEQ above every earlier one, so
     * it is among them. Expunges are not: see {@link #expungedSince}.
     */
    public List<StoredMessage> changedSince(String mailboxId, long modSeq) {
        return inUidOrder(Filters.and(Filters.eq("mailboxId", mailboxId), Filters.gt("modSeq", modSeq)));
    }

    /** A record's UID and MODSEQ: enough to tell whether a copy of it is the latest. */
    public record Version(long uid, long modSeq) {
    }

    /**
     * The UID and MODSEQ of each message of a mailbox whose MODSEQ is above {@code modSeq}: what
     * {@link #changedSince} would return, without the records, for a reader that holds most of
     * them already and then reads the rest with {@link #byUids}.
     */
    public List<Version> versionsSince(String mailboxId, long modSeq) {
        List<Version> out = new ArrayList<>();
        try {
            messages.find(Filters.and(Filters.eq("mailboxId", mailboxId), Filters.gt("modSeq", modSeq)))
                    .projection(Projections.include("uid", "modSeq"))
                    .forEach(d -> out.add(new Version(((Number) d.get("uid")).longValue(),
                            ((Number) d.get("modSeq")).longValue())));
        } catch (MongoException e) {
            throw new StoreException("message read failed", e);
        }
        return out;
    }

    /** The records of a mailbox with these UIDs (those that still exist), in UID order. */
    public List<StoredMessage> byUids(String mailboxId, Collection<Long> uids) {
        if (uids.isEmpty()) {
            return List.of();
        }
        return inUidOrder(Filters.and(Filters.eq("mailboxId", mailboxId), Filters.in("uid", uids)));
    }

    /** The messages of a mailbox that carry {@code flag} now, in UID order (EXPUNGE of \Deleted). */
    public List<StoredMessage> withFlag(String mailboxId, String flag) {
        return inUidOrder(Filters.and(Filters.eq("mailboxId", mailboxId), Filters.eq("flags", flag)));
    }

    /**
     * Listings leave out the search text (about as large as the message's text): a mailbox view
     * holds every record of a mailbox, and SEARCH BODY/TEXT reads the texts once it needs them,
     * with {@link #searchTexts}.
     */
    private List<StoredMessage> inUidOrder(Bson filter) {
        List<StoredMessage> out = new ArrayList<>();
        try {
            messages.find(filter).projection(Projections.exclude(SEARCH_TEXT)).sort(Sorts.ascending("uid"))
                    .forEach(d -> out.add(StoredMessage.from(d)));
        } catch (MongoException e) {
            throw new StoreException("message read failed", e);
        }
        return out;
    }

    /**
     * How many messages a mailbox holds: the {@code count} command, which MongoDB answers from the
     * mailbox index (and the embedded store from its in-memory index) without reading documents.
     */
    public long count(String mailboxId) {
        try {
            Document reply = db.runCommand(new Document("count", messages.getNamespace().getCollectionName())
                    .append("query", new Document("mailboxId", mailboxId)));
            return ((Number) reply.get("n")).longValue();
        } catch (MongoException e) {
            throw new StoreException("message count failed", e);
        }
    }

    /** How many messages a mailbox holds, how many lack or carry a flag, and their octets (IMAP STATUS). */
    public record Counts(long messages, long without, long with, long bytes) {
    }

    /**
     * Counts a mailbox's messages without reading their headers: {@code without} those lacking
     * {@code lacking} (e.g. \Seen), {@code with} those carrying {@code carrying} (e.g. \Deleted).
     */
    @SuppressWarnings("unchecked")
    public Counts counts(String mailboxId, String lacking, String carrying) {
        long count = 0;
        long without = 0;
        long with = 0;
        long bytes = 0;
        try {
            for (Document d : messages.find(Filters.eq("mailboxId", mailboxId))
                    .projection(com.mongodb.client.model.Projections.include("flags", "size"))) {
                List<String> flags = d.get("flags", List.class);
                count++;
                if (flags == null || !flags.contains(lacking)) {
                    without++;
                }
                if (flags != null && flags.contains(carrying)) {
                    with++;
                }
                bytes += ((Number) d.get("size")).longValue();
            }
        } catch (MongoException e) {
            throw new StoreException("message read failed", e);
        }
        return new Counts(count, without, with, bytes);
    }

    /** How many messages of a mailbox have a UID above {@code uid} (IMAP STATUS RECENT). */
    public long countAbove(String mailboxId, long uid) {
        try {
            return messages.countDocuments(Filters.and(Filters.eq("mailboxId", mailboxId), Filters.gt("uid", uid)));
        } catch (MongoException e) {
            throw new StoreException("message read failed", e);
        }
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
            return deleteCounted(Filters.and(Filters.eq("mailboxId", mailboxId), Filters.in("uid", uids)));
        } catch (MongoException e) {
            throw new StoreException("expunge failed", e);
        }
    }

    /**
     * Deletes the messages {@code filter} selects and takes them off their owners' usage. When the
     * count deleted is not the count read (a concurrent delete or insert), the owners' totals are
     * recounted instead.
     */
    private long deleteCounted(Bson filter) {
        Map<String, long[]> byOwner = new HashMap<>();
        long read = 0;
        for (Document d : messages.find(filter).projection(com.mongodb.client.model.Projections.include("owner",
                "size"))) {
            long[] total = byOwner.computeIfAbsent(String.valueOf(d.getString("owner")), o -> new long[2]);
            total[0] += ((Number) d.get("size")).longValue();
            total[1]++;
            read++;
        }
        long deleted = messages.deleteMany(filter).getDeletedCount();
        for (Map.Entry<String, long[]> e : byOwner.entrySet()) {
            if (deleted == read) {
                adjust(e.getKey(), -e.getValue()[0], -e.getValue()[1]);
            } else {
                try {
                    counter.recount(e.getKey());
                } catch (StoreException failed) {
                    LOG.warnf("usage of %s not recounted after a racing delete: %s", e.getKey(), failed.toString());
                }
            }
        }
        return deleted;
    }

    /** Usage bookkeeping after a message write that succeeded: a failure here must not fail that write. */
    private void adjust(String owner, long bytes, long count) {
        try {
            counter.add(owner, bytes, count);
        } catch (StoreException e) {
            LOG.warnf("usage of %s is off by %d octets until recounted: %s", owner, bytes, e.toString());
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
        return expungedWhere(Filters.and(Filters.eq("mailboxId", mailboxId), Filters.gt("modSeq", modSeq)));
    }

    /** UIDs above {@code uid} expunged from a mailbox, ascending (whatever their MODSEQ). */
    public List<Expunged> expungedAbove(String mailboxId, long uid) {
        return expungedWhere(Filters.and(Filters.eq("mailboxId", mailboxId), Filters.gt("uid", uid)));
    }

    private List<Expunged> expungedWhere(Bson filter) {
        List<Expunged> out = new ArrayList<>();
        try {
            expunged.find(filter).sort(Sorts.ascending("uid"))
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
            return deleteCounted(Filters.eq("mailboxId", mailboxId));
        } catch (MongoException e) {
            throw new StoreException("mailbox delete failed", e);
        }
    }

    /** Octets and number of messages an owner stores over all mailboxes (IMAP QUOTA). */
    public record Usage(long bytes, long messages) {
    }

    /** The owner's usage counted message by message (exact; {@link #countedUsage} is the running total). */
    public Usage usage(String owner) {
        return counter.scan(owner);
    }
}
