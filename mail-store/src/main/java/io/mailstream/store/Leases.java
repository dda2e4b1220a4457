package io.mailstream.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.bson.Document;

/**
 * Counted leases shared by every instance of a service: a key (an account, a destination) has
 * {@code limit} slots, each a document {@code key#k} that exists while someone holds it. Taking a
 * slot is one upsert conditioned on the slot being free or its lease expired; a held slot makes the
 * upsert collide on {@code _id}, so two holders never share a slot, without transactions. The
 * instance that took a slot renews all of its slots with one update per period ({@link #renew}); an
 * instance that dies stops renewing, and its slots become free when their lease runs out. Used for
 * IMAP sessions per account, and by relay-service's {@code DestinationSlots} for attempts per
 * destination (held for one attempt, never renewed).
 */
public final class Leases {

    /** A held slot; give it back with {@link #release}. */
    public record Lease(String id, String holder) {
    }

    private final MongoCollection<Document> slots;
    private final String instance;
    private final Duration ttl;

    /** {@code instance}: this process, so that {@link #renew} touches only the slots it holds. */
    public Leases(MongoDatabase db, String collection, String instance, Duration ttl) {
        this.slots = db.getCollection(collection);
        this.instance = instance;
        this.ttl = ttl;
    }

    public Duration ttl() {
        return ttl;
    }

    /** The busy-check index, and a TTL index that removes slots long after their holder died; best effort. */
    public void ensureIndexes() {
        try {
            slots.createIndex(Indexes.ascending("key", "until"));
            slots.createIndex(Indexes.ascending("instance"));
            slots.createIndex(Indexes.ascending("until"), new IndexOptions().expireAfter(1L, TimeUnit.HOURS));
        } catch (MongoException e) {
            throw new StoreException("lease index creation failed", e);
        }
    }

    /**
     * A free slot of {@code key}, held until released or until {@code now + ttl} passes without a
     * renewal; empty when all {@code limit} slots are held. One count and, usually, one upsert.
     */
    public Optional<Lease> tryAcquire(String key, int limit, Instant now) {
        try {
            if (held(key, now) >= limit) {
                return Optional.empty();
            }
            String holder = UUID.randomUUID().toString();
            for (int k : order(limit)) {
                String id = key + "#" + k;
                if (take(id, key, holder, now)) {
                    return Optional.of(new Lease(id, holder));
                }
            }
            return Optional.empty();
        } catch (MongoException e) {
            throw new StoreException("lease claim failed", e);
        }
    }

    /** Gives a slot back; one whose lease expired and was taken by another holder stays theirs. */
    public void release(Lease lease) {
        try {
            slots.deleteOne(Filters.and(Filters.eq("_id", lease.id()), Filters.eq("holder", lease.holder())));
        } catch (MongoException e) {
            throw new StoreException("lease release failed", e);
        }
    }

    /** Extends every slot this instance holds to {@code now + ttl}; returns how many. */
    public long renew(Instant now) {
        try {
            return slots.updateMany(Filters.eq("instance", instance), Updates.set("until", Date.from(now.plus(ttl))))
                    .getModifiedCount();
        } catch (MongoException e) {
            throw new StoreException("lease renewal failed", e);
        }
    }

    /** Slots of {@code key} held at {@code now}. */
    public long held(String key, Instant now) {
        try {
            return slots.countDocuments(Filters.and(Filters.eq("key", key), Filters.gt("until", Date.from(now))));
        } catch (MongoException e) {
            throw new StoreException("lease read failed", e);
        }
    }

    private boolean take(String id, String key, String holder, Instant now) {
        try {
            slots.updateOne(Filters.and(Filters.eq("_id", id), Filters.lte("until", Date.from(now))),
                    Updates.combine(Updates.set("key", key), Updates.set("holder", holder),
                            Updates.set("instance", instance), Updates.set("until", Date.from(now.plus(ttl)))),
                    new UpdateOptions().upsert(true));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false; // held by someone else, lease still running
            }
            throw e;
        }
    }

    /** The slot numbers in a random order, so that concurrent holders do not all collide on slot 0. */
    private static List<Integer> order(int limit) {
        List<Integer> ks = new ArrayList<>(limit);
        for (int k = 0; k < limit; k++) {
            ks.add(k);
        }
        Collections.shuffle(ks, ThreadLocalRandom.current());
        return ks;
    }
}
