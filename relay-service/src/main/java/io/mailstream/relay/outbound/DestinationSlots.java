package io.mailstream.relay.outbound;

import com.mongodb.client.MongoDatabase;

import io.mailstream.store.Leases;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Caps simultaneous attempts per destination domain across every relay-service instance
 * [Postfix default_destination_concurrency_limit, which is per host]: a domain has {@code limit}
 * slots in the collection {@code destination_slots}, taken and released with {@link Leases} (one
 * conditional upsert each, no transactions). An attempt holds its slot for at most one lease,
 * without renewal; an instance that dies holding slots loses them when their lease expires.
 */
public final class DestinationSlots {

    /** A held slot; give it back with {@link #release}. */
    public record Slot(Leases.Lease lease) {
    }

    private final Leases leases;
    private final int limit;

    /** {@code limit} 0 or less: no cluster-wide limit (every acquire succeeds without a store call). */
    public DestinationSlots(MongoDatabase db, int limit, Duration lease) {
        this.leases = new Leases(db, "destination_slots", "relay-" + UUID.randomUUID(), lease);
        this.limit = limit;
    }

    public boolean enabled() {
        return limit > 0;
    }

    /** An index for the busy check, and a TTL index that clears slots whose holder died. */
    public void ensureIndexes() {
        if (enabled()) {
            leases.ensureIndexes();
        }
    }

    /** A free slot of {@code domain}, held until released or {@code now + lease}; empty when all are taken. */
    public Optional<Slot> tryAcquire(String domain, Instant now) {
        if (!enabled()) {
            return Optional.of(new Slot(null));
        }
        return leases.tryAcquire(domain, limit, now).map(Slot::new);
    }

    /** Gives a slot back; a slot whose lease expired and was taken by another holder stays theirs. */
    public void release(Slot slot) {
        if (slot.lease() != null) {
            leases.release(slot.lease());
        }
    }

    /** Slots of {@code domain} held right now (for tests and diagnostics). */
    public long held(String domain, Instant now) {
        return leases.held(domain, now);
    }
}
