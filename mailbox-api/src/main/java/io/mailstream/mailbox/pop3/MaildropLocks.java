package io.mailstream.mailbox.pop3;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.mailstream.store.StoreException;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.bson.Document;
import org.jboss.logging.Logger;

/**
 * Exclusive access to a maildrop across every mailbox-api instance (RFC 1939 §8: a POP3 server
 * must lock the maildrop for the session). One document per locked maildrop in
 * {@code maildrop_locks}: {@code _id} = owner, {@code holder} = instance/session, {@code expiresAt}.
 * <ul>
 * <li>taking a lock is an insert, so the unique {@code _id} decides between sessions of any
 * instance: a duplicate key means the maildrop is in use;</li>
 * <li>a lock past its expiry (its instance died) is taken over with one conditional update on
 * {@code expiresAt < now}, so of two instances racing for it only one wins;</li>
 * <li>while a session lives, {@link #heartbeat()} pushes the expiry of every lock this instance
 * holds forward (one update every {@code ttl / 4});</li>
 * <li>release deletes the document only if this session still holds it.</li>
 * </ul>
 * Expiry is judged by each instance's clock, so clocks must agree to well within the TTL (NTP).
 */
public class MaildropLocks {

    private static final Logger LOG = Logger.getLogger(MaildropLocks.class);

    private final MongoCollection<Document> locks;
    private final String instance;
    private final Duration ttl;
    private final Clock clock;
    /** owner → holder id of the locks this instance holds, for the heartbeat. */
    private final Map<String, String> held = new ConcurrentHashMap<>();

    public MaildropLocks(MongoDatabase db, String instance, Duration ttl, Clock clock) {
        this.locks = db.getCollection("maildrop_locks");
        this.instance = instance;
        this.ttl = ttl;
        this.clock = clock;
    }

    public Duration ttl() {
        return ttl;
    }

    /** Takes the owner's maildrop for a session; false when another live session holds it. */
    public boolean acquire(String owner, String sessionId) {
        String holder = holder(sessionId);
        Date expires = expiry();
        try {
            locks.insertOne(new Document("_id", owner).append("holder", holder).append("expiresAt", expires)
                    .append("lockedAt", new Date(clock.millis())));
            held.put(owner, holder);
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw new StoreException("maildrop lock failed", e);
            }
        } catch (MongoException e) {
            throw new StoreException("maildrop lock failed", e);
        }
        return takeOverExpired(owner, holder, expires);
    }

    private boolean takeOverExpired(String owner, String holder, Date expires) {
        try {
            Document before = locks.findOneAndUpdate(
                    Filters.and(Filters.eq("_id", owner), Filters.lt("expiresAt", new Date(clock.millis()))),
                    Updates.combine(Updates.set("holder", holder), Updates.set("expiresAt", expires),
                            Updates.set("lockedAt", new Date(clock.millis()))));
            if (before == null) {
                return false;
            }
            LOG.infof("maildrop lock of %s taken over from %s (expired %s)", owner, before.getString("holder"),
                    before.getDate("expiresAt"));
            held.put(owner, holder);
            return true;
        } catch (MongoException e) {
            throw new StoreException("maildrop lock failed", e);
        }
    }

    /** Pushes the expiry forward; false when the session no longer holds the lock (it expired and was taken). */
    public boolean refresh(String owner, String sessionId) {
        try {
            return locks.updateOne(Filters.and(Filters.eq("_id", owner), Filters.eq("holder", holder(sessionId))),
                    Updates.set("expiresAt", expiry())).getMatchedCount() > 0;
        } catch (MongoException e) {
            throw new StoreException("maildrop lock refresh failed", e);
        }
    }

    /** Gives the lock up if this session still holds it. Failures are logged: the lock then expires. */
    public void release(String owner, String sessionId) {
        String holder = holder(sessionId);
        held.remove(owner, holder);
        try {
            locks.deleteOne(Filters.and(Filters.eq("_id", owner), Filters.eq("holder", holder)));
        } catch (MongoException e) {
            LOG.warnf("maildrop lock of %s not released (%s); it expires within %s", owner, e.getMessage(), ttl);
        }
    }

    /** Refreshes every lock this instance holds. Called periodically; never throws. */
    public void heartbeat() {
        List<String> holders = List.copyOf(held.values());
        if (holders.isEmpty()) {
            return;
        }
        try {
            locks.updateMany(Filters.in("holder", holders), Updates.set("expiresAt", expiry()));
        } catch (RuntimeException e) {
            LOG.warnf("maildrop lock heartbeat failed for %d locks: %s", holders.size(), e.getMessage());
        }
    }

    private String holder(String sessionId) {
        return instance + "/" + sessionId;
    }

    private Date expiry() {
        return new Date(clock.millis() + ttl.toMillis());
    }
}
