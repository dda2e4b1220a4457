package io.mailstream.relay.outbound;

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

import io.mailstream.store.StoreException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.bson.Document;

/**
 * Caps simultaneous attempts per destination domain across every relay-service instance
 * [Postfix default_destination_concurrency_limit, which is per host]: a domain has {@code limit}
 * slots, each a document {@code domain#k} in the collection {@code destination_slots} that exists
 * while an attempt holds it. Taking a slot is one upsert conditioned on the slot being free or its
 * lease expired; a held slot makes the upsert collide on {@code _id} (duplicate key), so two
 * instances can never hold the same slot, without transactions. Releasing deletes the slot if it
 * is still ours. An instance that dies holding slots loses them when their lease expires.
 */
public final class DestinationSlots {

    /** A held slot; give it back with {@link #release}. */
    public record Slot(String id, String holder) {
    }

    private final MongoCollection<Document> slots;
    private final int limit;
    private final Duration lease;
    private final Random random = new Random();

    /** {@code limit} 0 or less: no cluster-wide limit (every acquire succeeds without a store call). */
    public DestinationSlots(MongoDatabase db, int limit, Duration lease) {
        this.slots = db.getCollection("destination_slots");
        this.limit = limit;
        this.lease = lease;
    }

    public boolean enabled() {
        return limit > 0;
    }

    /** An index for the busy check, and a TTL index that clears slots whose holder died; best effort. */
    public void ensureIndexes() {
        if (enabled()) {
            slots.createIndex(Indexes.ascending("domain", "until"));
            slots.createIndex(Indexes.ascending("until"), new IndexOptions().expireAfter(1L, TimeUnit.HOURS));
        }
    }

    /** A free slot of {@code domain}, held until released or {@code now + lease}; empty when all are taken. */
    public Optional<Slot> tryAcquire(String domain, Instant now) {
        if (!enabled()) {
            return Optional.of(new Slot(null, null));
        }
        try {
            // One cheap read when the domain is clearly busy, instead of one write per slot.
            if (slots.countDocuments(Filters.and(Filters.eq("domain", domain), Filters.gt("until", Date.from(now))))
                    >= limit) {
                return Optional.empty();
            }
            String holder = UUID.randomUUID().toString();
            for (int k : order()) {
                String id = domain + "#" + k;
                if (take(id, domain, holder, now)) {
                    return Optional.of(new Slot(id, holder));
                }
            }
            return Optional.empty();
        } catch (MongoException e) {
            throw new StoreException("destination slot claim failed", e);
        }
    }

    /** Gives a slot back; a slot whose lease expired and was taken by another holder stays theirs. */
    public void release(Slot slot) {
        if (slot.id() == null) {
            return;
        }
        try {
            slots.deleteOne(Filters.and(Filters.eq("_id", slot.id()), Filters.eq("holder", slot.holder())));
        } catch (MongoException e) {
            throw new StoreException("destination slot release failed", e);
        }
    }

    /** Slots of {@code domain} held right now (for tests and diagnostics). */
    public long held(String domain, Instant now) {
        try {
            return slots.countDocuments(Filters.and(Filters.eq("domain", domain), Filters.gt("until", Date.from(now))));
        } catch (MongoException e) {
            throw new StoreException("destination slot read failed", e);
        }
    }

    private boolean take(String id, String domain, String holder, Instant now) {
        try {
            slots.updateOne(Filters.and(Filters.eq("_id", id), Filters.lte("until", Date.from(now))),
                    Updates.combine(Updates.set("domain", domain), Updates.set("holder", holder),
                            Updates.set("until", Date.from(now.plus(lease)))),
                    new UpdateOptions().upsert(true));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false; // held by someone else, lease still running
            }
            throw e;
        }
    }

    /** The slot numbers in a random order, so that instances do not all collide on slot 0. */
    private List<Integer> order() {
        List<Integer> ks = new ArrayList<>(limit);
        for (int k = 0; k < limit; k++) {
            ks.add(k);
        }
        Collections.shuffle(ks, random);
        return ks;
    }
}
