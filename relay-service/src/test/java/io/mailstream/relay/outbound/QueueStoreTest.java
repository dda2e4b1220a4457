package io.mailstream.relay.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import io.mailstream.core.event.RemoteDelivery;
import io.mailstream.store.StoreDatabase;
import io.mailstream.testkit.EmbeddedMongo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The queue's leases against the Mongo-wire store: what makes a killed attempt come back. */
class QueueStoreTest {

    private static final Duration LEASE = Duration.ofMinutes(30);
    private static MongoClient client;
    private static QueueStore queue;
    private final Instant t0 = Instant.parse("2030-01-01T00:00:00Z");

    @BeforeAll
    static void open() {
        client = MongoClients.create(EmbeddedMongo.start());
        queue = new QueueStore(StoreDatabase.open(client, "queue" + System.nanoTime()));
    }

    @AfterAll
    static void close() {
        client.close();
    }

    private static RemoteDelivery delivery(String id, Instant acceptedAt) {
        return new RemoteDelivery(1, id, "blob", 10, "a@example.test", "remote.test",
                List.of("b@remote.test", "c@remote.test"), acceptedAt);
    }

    @Test
    void anAttemptKilledMidwayIsTakenOverOnlyAfterItsLeaseExpires() {
        String id = "m-" + UUID.randomUUID();
        QueueEntry first = queue.enqueue(delivery(id, t0), t0, LEASE).orElseThrow();
        assertThat(first.open()).hasSize(2);

        // a redelivered Kafka record, or another instance, cannot take it while the lease holds
        assertThat(queue.enqueue(delivery(id, t0), t0.plusSeconds(1), LEASE)).isEmpty();
        assertThat(queue.claimDue(t0.plus(LEASE).minusSeconds(1), LEASE)).isEmpty();

        // the holder died without writing a result: after the lease anyone takes it over
        QueueEntry again = queue.claimDue(t0.plus(LEASE), LEASE).orElseThrow();
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.recipients()).extracting(RecipientState::state).containsOnly(RecipientState.State.PENDING);

        // the dead holder's late result is refused; the new holder's is kept
        assertThat(queue.complete(first, first.recipients(), QueueEntry.State.DONE, t0, t0, true)).isFalse();
        List<RecipientState> deferred = again.recipients().stream().map(r -> new RecipientState(r.address(),
                RecipientState.State.DEFERRED, "4.0.0", "451 later", null, t0)).toList();
        Instant next = t0.plus(LEASE).plusSeconds(60);
        assertThat(queue.complete(again, deferred, QueueEntry.State.DEFERRED, next, t0.plus(LEASE), true)).isTrue();

        assertThat(queue.claimDue(next.minusSeconds(1), LEASE)).isEmpty();
        QueueEntry due = queue.claimDue(next, LEASE).orElseThrow();
        assertThat(due.attempts()).isEqualTo(1);
        assertThat(due.open()).hasSize(2);
        queue.complete(due, due.recipients(), QueueEntry.State.DONE, next, next, true);
        assertThat(queue.claimDue(next.plus(Duration.ofDays(1)), LEASE)).isEmpty();
    }

    @Test
    void operatorRetryMakesAWaitingEntryDueNow() {
        String id = "m-" + UUID.randomUUID();
        Instant base = t0.plus(Duration.ofDays(30));
        QueueEntry e = queue.enqueue(delivery(id, base), base, LEASE).orElseThrow();
        queue.complete(e, e.recipients(), QueueEntry.State.DEFERRED, base.plus(Duration.ofHours(4)), base, true);

        assertThat(queue.retryNow(id, base.plusSeconds(5))).isEqualTo(1);
        assertThat(queue.claimDue(base.plusSeconds(5), LEASE)).hasValueSatisfying(x -> assertThat(x.messageId())
                .isEqualTo(id));
    }

    @Test
    void aPurgeFindsEntriesByDomainStateAndAgeAndNeverDeletesOneBeingAttempted() {
        String domain = "p" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        Instant base = t0.plus(Duration.ofDays(60));
        QueueEntry old = queue.enqueue(at(domain, base.minus(Duration.ofDays(3))), base, LEASE).orElseThrow();
        queue.complete(old, old.recipients(), QueueEntry.State.DEFERRED, base.plusSeconds(60), base, true);
        QueueEntry recent = queue.enqueue(at(domain, base), base, LEASE).orElseThrow();
        QueueEntry elsewhere = queue.enqueue(at("x" + domain, base.minus(Duration.ofDays(3))), base, LEASE)
                .orElseThrow();
        queue.complete(elsewhere, elsewhere.recipients(), QueueEntry.State.DONE, base, base, true);
        List<QueueEntry.State> open = List.of(QueueEntry.State.ACTIVE, QueueEntry.State.DEFERRED);

        assertThat(queue.matching(open, domain, null, 100)).extracting(QueueEntry::id)
                .containsExactlyInAnyOrder(old.id(), recent.id());
        assertThat(queue.matching(open, domain, base.minus(Duration.ofDays(1)), 100)).extracting(QueueEntry::id)
                .containsExactly(old.id());
        assertThat(queue.matching(List.of(QueueEntry.State.DONE), null, base.minus(Duration.ofDays(1)), 100))
                .extracting(QueueEntry::id).contains(elsewhere.id()).doesNotContain(old.id(), recent.id());
        assertThat(queue.matching(open, domain, null, 1)).hasSize(1);

        // the recent one is still leased by its first attempt
        assertThat(queue.deleteIfIdle(recent, base.plusSeconds(1))).isFalse();
        assertThat(queue.deleteIfIdle(old, base.plusSeconds(1))).isTrue();
        assertThat(queue.forMessage(old.messageId())).isEmpty();
        // a bounce request marks even an entry being attempted, but never a done one
        assertThat(queue.requestBounce(recent, base.plusSeconds(1))).isTrue();
        assertThat(queue.forMessage(recent.messageId()).get(0).bounceRequested()).isTrue();
        assertThat(queue.requestBounce(elsewhere, base.plusSeconds(1))).isFalse();
    }

    private static RemoteDelivery at(String domain, Instant acceptedAt) {
        return new RemoteDelivery(1, "m-" + UUID.randomUUID(), "blob", 10, "a@example.test", domain,
                List.of("b@" + domain), acceptedAt);
    }
}
