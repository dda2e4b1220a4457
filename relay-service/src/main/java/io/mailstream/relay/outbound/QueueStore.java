package io.mailstream.relay.outbound;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import io.mailstream.core.event.MessageAccepted;
import io.mailstream.core.event.RemoteDelivery;
import io.mailstream.store.StoreException;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The outbound queue in MongoDB (collection {@code queue}), one document per message and remote
 * domain with the state of each recipient. It is the due-time queue of deferred mail and what
 * operators see. Concurrency rests on single-document updates: an attempt first takes a lease
 * ({@code findOneAndUpdate} on an expired lease), and results are written only by the lease
 * holder. A lease that is never released (the service was killed) expires, and the entry is
 * attempted again: an attempt may repeat, a recipient is never skipped.
 */
@Singleton
public class QueueStore {

    private final MongoCollection<Document> queue;

    @Inject
    public QueueStore(MongoDatabase db) {
        this.queue = db.getCollection("queue");
    }

    /** Indexes for the scheduler and the operator API; best effort (a restart creates them later). */
    public void ensureIndexes() {
        queue.createIndex(Indexes.ascending("state", "nextAttemptAt"));
        queue.createIndex(Indexes.ascending("messageId"));
    }

    /**
     * Records a new delivery and takes its lease. When it is already queued (a redelivered Kafka
     * record) the existing entry is claimed instead, which is empty if it is done or leased.
     */
    public Optional<QueueEntry> enqueue(RemoteDelivery d, Instant now, Duration lease) {
        String token = UUID.randomUUID().toString();
        List<Document> recipients = new ArrayList<>();
        d.recipients().forEach(r -> recipients.add(toDocument(RecipientState.pending(r))));
        Document doc = new Document("_id", QueueEntry.id(d.messageId(), d.domain()))
                .append("messageId", d.messageId()).append("blobId", d.blobId()).append("size", d.size())
                .append("sender", d.sender() == null ? "" : d.sender()).append("domain", d.domain())
                .append("acceptedAt", date(d.acceptedAt() != null ? d.acceptedAt() : now))
                .append("state", QueueEntry.State.ACTIVE.name()).append("attempts", 0)
                .append("nextAttemptAt", date(now)).append("lastAttemptAt", null)
                .append("leaseUntil", date(now.plus(lease))).append("lease", token).append("recipients", recipients)
                .append("updatedAt", date(now)).append("smtpUtf8", d.smtpUtf8()).append("dsnRet", d.dsnRet())
                .append("dsnEnvid", d.dsnEnvid()).append("delayNotified", false)
                .append("recipientDsn", d.recipientDsn().stream().map(r -> new Document("recipient", r.recipient())
                        .append("notifyOn", r.notifyOn()).append("orcpt", r.orcpt())).toList());
        try {
            queue.insertOne(doc);
            return Optional.of(toEntry(doc));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw new StoreException("queue write failed", e);
            }
            return claim(QueueEntry.id(d.messageId(), d.domain()), now, lease);
        } catch (MongoException e) {
            throw new StoreException("queue write failed", e);
        }
    }

    /** Takes the lease of one entry if it is open and nobody holds it. */
    public Optional<QueueEntry> claim(String id, Instant now, Duration lease) {
        return claimWhere(Filters.eq("_id", id), now, lease);
    }

    /** Takes the lease of the entry that is due first, if any is due. */
    public Optional<QueueEntry> claimDue(Instant now, Duration lease) {
        return claimWhere(Filters.lte("nextAttemptAt", date(now)), now, lease);
    }

    private Optional<QueueEntry> claimWhere(Bson condition, Instant now, Duration lease) {
        String token = UUID.randomUUID().toString();
        try {
            Document doc = queue.findOneAndUpdate(
                    Filters.and(condition, Filters.ne("state", QueueEntry.State.DONE.name()),
                            Filters.lte("leaseUntil", date(now))),
                    Updates.combine(Updates.set("leaseUntil", date(now.plus(lease))), Updates.set("lease", token)),
                    new FindOneAndUpdateOptions().sort(Sorts.ascending("nextAttemptAt"))
                            .returnDocument(ReturnDocument.AFTER));
            return Optional.ofNullable(doc).map(QueueStore::toEntry);
        } catch (MongoException e) {
            throw new StoreException("queue claim failed", e);
        }
    }

    /**
     * Writes the outcome of an attempt and releases the lease. Returns false when the lease was
     * lost meanwhile (it expired and another attempt took the entry): that attempt's result wins.
     */
    public boolean complete(QueueEntry entry, List<RecipientState> recipients, QueueEntry.State state,
            Instant nextAttemptAt, Instant attemptedAt, boolean countAttempt) {
        return complete(entry, recipients, state, nextAttemptAt, attemptedAt, countAttempt, entry.delayNotified());
    }

    public boolean complete(QueueEntry entry, List<RecipientState> recipients, QueueEntry.State state,
            Instant nextAttemptAt, Instant attemptedAt, boolean countAttempt, boolean delayNotified) {
        List<Document> docs = recipients.stream().map(QueueStore::toDocument).toList();
        try {
            return queue.updateOne(Filters.and(Filters.eq("_id", entry.id()), Filters.eq("lease", entry.lease())),
                    Updates.combine(Updates.set("recipients", docs), Updates.set("state", state.name()),
                            Updates.set("attempts", entry.attempts() + (countAttempt ? 1 : 0)),
                            Updates.set("nextAttemptAt", date(nextAttemptAt)),
                            Updates.set("lastAttemptAt", countAttempt ? date(attemptedAt) : date(entry.lastAttemptAt())),
                            Updates.set("leaseUntil", new Date(0)), Updates.set("lease", null),
                            Updates.set("delayNotified", delayNotified),
                            Updates.set("localFailures", countAttempt ? 0 : entry.localFailures()),
                            Updates.set("lastLocalFailure", countAttempt ? null : entry.lastLocalFailure()),
                            Updates.set("updatedAt", date(attemptedAt))))
                    .getModifiedCount() == 1;
        } catch (MongoException e) {
            throw new StoreException("queue write failed", e);
        }
    }

    /**
     * Gives back an entry whose attempt failed on our side before it had a result: recipients
     * untouched, attempts not counted, the failure counted and kept for operators. False when the
     * lease was lost meanwhile.
     */
    public boolean releaseAfterLocalFailure(QueueEntry entry, Instant next, Instant now, String failure) {
        try {
            return queue.updateOne(Filters.and(Filters.eq("_id", entry.id()), Filters.eq("lease", entry.lease())),
                    Updates.combine(Updates.set("state", (entry.state() == QueueEntry.State.DONE
                            ? QueueEntry.State.DEFERRED : entry.state()).name()),
                            Updates.set("nextAttemptAt", date(next)), Updates.inc("localFailures", 1),
                            Updates.set("lastLocalFailure", failure), Updates.set("leaseUntil", new Date(0)),
                            Updates.set("lease", null), Updates.set("updatedAt", date(now))))
                    .getModifiedCount() == 1;
        } catch (MongoException e) {
            throw new StoreException("queue write failed", e);
        }
    }

    /** Operator: the waiting entries of a message are due now. Returns how many. */
    public long retryNow(String messageId, Instant now) {
        try {
            return queue.updateMany(Filters.and(Filters.eq("messageId", messageId),
                    Filters.ne("state", QueueEntry.State.DONE.name()), Filters.lte("leaseUntil", date(now))),
                    Updates.set("nextAttemptAt", date(now))).getModifiedCount();
        } catch (MongoException e) {
            throw new StoreException("queue write failed", e);
        }
    }

    /**
     * Operator: the open recipients of a message bounce at its next attempt, which is made due
     * now unless one is in progress. Returns how many entries were marked.
     */
    public long requestBounce(String messageId, Instant now) {
        try {
            Bson open = Filters.and(Filters.eq("messageId", messageId), Filters.ne("state", QueueEntry.State.DONE.name()));
            long marked = queue.updateMany(open, Updates.set("bounceRequested", true)).getModifiedCount();
            queue.updateMany(Filters.and(open, Filters.lte("leaseUntil", date(now))),
                    Updates.set("nextAttemptAt", date(now)));
            return marked;
        } catch (MongoException e) {
            throw new StoreException("queue write failed", e);
        }
    }

    /**
     * Operator: removes the open entries of a message that no attempt holds, without any notice
     * to the sender. Returns the removed entries.
     */
    public List<QueueEntry> delete(String messageId, Instant now) {
        List<QueueEntry> removed = new ArrayList<>();
        try {
            for (QueueEntry e : forMessage(messageId)) {
                if (e.state() != QueueEntry.State.DONE && queue.deleteOne(Filters.and(Filters.eq("_id", e.id()),
                        Filters.lte("leaseUntil", date(now)))).getDeletedCount() == 1) {
                    removed.add(e);
                }
            }
        } catch (MongoException e) {
            throw new StoreException("queue write failed", e);
        }
        return removed;
    }

    /**
     * Operator purge: up to {@code limit} entries in one of {@code states}, of {@code domain} (null
     * for any) and accepted before {@code acceptedBefore} (null for any), in id order.
     */
    public List<QueueEntry> matching(List<QueueEntry.State> states, String domain, Instant acceptedBefore, int limit) {
        List<Bson> where = new ArrayList<>();
        where.add(Filters.in("state", states.stream().map(Enum::name).toList()));
        if (domain != null) {
            where.add(Filters.eq("domain", domain));
        }
        if (acceptedBefore != null) {
            where.add(Filters.lt("acceptedAt", date(acceptedBefore)));
        }
        List<QueueEntry> out = new ArrayList<>();
        try {
            queue.find(Filters.and(where)).sort(Sorts.ascending("_id")).limit(limit).forEach(d -> out.add(toEntry(d)));
        } catch (MongoException e) {
            throw new StoreException("queue read failed", e);
        }
        return out;
    }

    /** Removes one entry unless an attempt holds it (a done entry is never held). */
    public boolean deleteIfIdle(QueueEntry entry, Instant now) {
        try {
            return queue.deleteOne(Filters.and(Filters.eq("_id", entry.id()), Filters.lte("leaseUntil", date(now))))
                    .getDeletedCount() == 1;
        } catch (MongoException e) {
            throw new StoreException("queue write failed", e);
        }
    }

    /**
     * Operator: one open entry's open recipients bounce at its next attempt, made due now unless
     * one is in progress (it then bounces at the one after). False when the entry is done or gone.
     */
    public boolean requestBounce(QueueEntry entry, Instant now) {
        try {
            Bson open = Filters.and(Filters.eq("_id", entry.id()), Filters.ne("state", QueueEntry.State.DONE.name()));
            boolean marked = queue.updateOne(open, Updates.set("bounceRequested", true)).getMatchedCount() == 1;
            queue.updateOne(Filters.and(open, Filters.lte("leaseUntil", date(now))), Updates.set("nextAttemptAt", date(now)));
            return marked;
        } catch (MongoException e) {
            throw new StoreException("queue write failed", e);
        }
    }

    /** Entries in one of {@code states}, oldest first. */
    public List<QueueEntry> list(List<QueueEntry.State> states, int limit) {
        List<QueueEntry> out = new ArrayList<>();
        try {
            queue.find(Filters.in("state", states.stream().map(Enum::name).toList()))
                    .sort(Sorts.ascending("acceptedAt")).limit(limit).forEach(d -> out.add(toEntry(d)));
        } catch (MongoException e) {
            throw new StoreException("queue read failed", e);
        }
        return out;
    }

    public List<QueueEntry> forMessage(String messageId) {
        List<QueueEntry> out = new ArrayList<>();
        try {
            queue.find(Filters.eq("messageId", messageId)).sort(Sorts.ascending("domain"))
                    .forEach(d -> out.add(toEntry(d)));
        } catch (MongoException e) {
            throw new StoreException("queue read failed", e);
        }
        return out;
    }

    public long count(QueueEntry.State state) {
        try {
            return queue.countDocuments(Filters.eq("state", state.name()));
        } catch (MongoException e) {
            throw new StoreException("queue read failed", e);
        }
    }

    /** When the oldest entry still in the queue was accepted, if any. */
    public Optional<Instant> oldestOpen() {
        try {
            Document d = queue.find(Filters.ne("state", QueueEntry.State.DONE.name()))
                    .sort(Sorts.ascending("acceptedAt")).limit(1).first();
            return Optional.ofNullable(d).map(x -> instant(x.getDate("acceptedAt")));
        } catch (MongoException e) {
            throw new StoreException("queue read failed", e);
        }
    }

    private static Document toDocument(RecipientState r) {
        return new Document("address", r.address()).append("state", r.state().name()).append("status", r.status())
                .append("reply", r.reply()).append("remoteMta", r.remoteMta()).append("at", date(r.at()));
    }

    private static QueueEntry toEntry(Document d) {
        List<RecipientState> recipients = new ArrayList<>();
        for (Document r : d.getList("recipients", Document.class)) {
            recipients.add(new RecipientState(r.getString("address"), RecipientState.State.valueOf(r.getString("state")),
                    r.getString("status"), r.getString("reply"), r.getString("remoteMta"), instant(r.getDate("at"))));
        }
        List<MessageAccepted.RecipientDsn> dsn = new ArrayList<>();
        List<Document> dsnDocs = d.getList("recipientDsn", Document.class);
        if (dsnDocs != null) {
            dsnDocs.forEach(x -> dsn.add(new MessageAccepted.RecipientDsn(x.getString("recipient"),
                    x.getString("notifyOn"), x.getString("orcpt"))));
        }
        return new QueueEntry(d.getString("_id"), d.getString("messageId"), d.getString("blobId"),
                ((Number) d.get("size")).longValue(), d.getString("sender"), d.getString("domain"),
                instant(d.getDate("acceptedAt")), QueueEntry.State.valueOf(d.getString("state")),
                d.getInteger("attempts", 0), instant(d.getDate("nextAttemptAt")), instant(d.getDate("lastAttemptAt")),
                d.getString("lease"), recipients, d.getBoolean("smtpUtf8", false), d.getString("dsnRet"),
                d.getString("dsnEnvid"), dsn, d.getBoolean("delayNotified", false),
                d.getBoolean("bounceRequested", false), d.getInteger("localFailures", 0),
                d.getString("lastLocalFailure"));
    }

    private static Date date(Instant i) {
        return i == null ? null : Date.from(i);
    }

    private static Instant instant(Date d) {
        return d == null ? null : d.toInstant();
    }
}
