package io.mailstream.relay.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import io.mailstream.core.event.RemoteDelivery;
import io.mailstream.store.StoreDatabase;
import io.mailstream.store.StoreException;
import io.mailstream.testkit.EmbeddedMongo;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Attempts that fail on our side: put back untouched, later each time, counted and visible. */
class AttemptRunnerTest {

    private static final Duration LEASE = Duration.ofMinutes(30);
    private static final Duration FIRST_RETRY = Duration.ofMinutes(1);
    private static MongoClient client;
    private static MongoDatabase db;

    @BeforeAll
    static void open() {
        client = MongoClients.create(EmbeddedMongo.start());
        db = StoreDatabase.open(client, "runner" + System.nanoTime());
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @Test
    void aStoreFailureMidAttemptPutsTheEntryBackUntouchedWithAGrowingDelayAndCountsIt() {
        QueueStore queue = new QueueStore(db);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Consumer<QueueEntry> storeDown = e -> {
            throw new StoreException("blob read failed", new com.mongodb.MongoSocketReadException("reset",
                    new com.mongodb.ServerAddress()));
        };
        AttemptRunner runner = runner(queue, storeDown, registry);
        String id = "m-" + UUID.randomUUID();
        QueueEntry entry = queue.enqueue(delivery(id), Instant.now(), LEASE).orElseThrow();

        Instant before = Instant.now();
        runner.run(entry);
        QueueEntry once = queue.forMessage(id).get(0);
        assertThat(once.localFailures()).isEqualTo(1);
        assertThat(once.lastLocalFailure()).startsWith("store: ").contains("blob read failed");
        assertThat(once.attempts()).isZero();
        assertThat(once.lease()).isNull();
        assertThat(once.state()).isEqualTo(QueueEntry.State.ACTIVE);
        assertThat(once.recipients()).extracting(RecipientState::state).containsOnly(RecipientState.State.PENDING);
        assertThat(once.nextAttemptAt()).isBetween(before.plus(FIRST_RETRY), Instant.now().plus(FIRST_RETRY));
        assertThat(registry.get("mailstream.relay.attempt.failures").tag("cause", "store").counter().count())
                .isEqualTo(1.0);

        // the next failure in a row waits twice as long
        QueueEntry again = queue.claim(once.id(), once.nextAttemptAt(), LEASE).orElseThrow();
        Instant second = Instant.now();
        runner.run(again);
        QueueEntry twice = queue.forMessage(id).get(0);
        assertThat(twice.localFailures()).isEqualTo(2);
        assertThat(twice.nextAttemptAt()).isAfterOrEqualTo(second.plus(FIRST_RETRY.multipliedBy(2)));

        // an attempt that gets a result clears the count
        QueueEntry third = queue.claim(once.id(), twice.nextAttemptAt(), LEASE).orElseThrow();
        runner(queue, e -> queue.complete(e, e.recipients(), QueueEntry.State.DEFERRED, Instant.now(), Instant.now(),
                true), registry).run(third);
        QueueEntry done = queue.forMessage(id).get(0);
        assertThat(done.localFailures()).isZero();
        assertThat(done.lastLocalFailure()).isNull();
        assertThat(done.attempts()).isEqualTo(1);
    }

    @Test
    void whenTheStoreIsDownForTheReleaseTooTheRunnerStillReturnsAndTheLeaseWillExpire() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        try (MongoClient down = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + deadPort))
                .applyToClusterSettings(b -> b.serverSelectionTimeout(300, TimeUnit.MILLISECONDS)).build())) {
            QueueStore unreachable = new QueueStore(StoreDatabase.open(down, "down"));
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            QueueEntry leased = new QueueStore(db).enqueue(delivery("m-" + UUID.randomUUID()), Instant.now(), LEASE)
                    .orElseThrow();
            AttemptRunner runner = new AttemptRunner(unreachable, new DestinationLimiter(10),
                    new DestinationSlots(StoreDatabase.open(down, "down"), 0, LEASE), e -> {
                        throw new StoreException("blob read failed", new RuntimeException("store down"));
                    }, Duration.ofSeconds(10), FIRST_RETRY, registry);

            assertThatCode(() -> runner.run(leased)).doesNotThrowAnyException();
            assertThat(registry.get("mailstream.relay.attempt.failures").tag("cause", "store").counter().count())
                    .isEqualTo(1.0);
            // still leased in the real store: the scheduler takes it again once the lease expires
            assertThat(new QueueStore(db).claim(leased.id(), Instant.now(), LEASE)).isEmpty();
            assertThat(new QueueStore(db).claim(leased.id(), Instant.now().plus(LEASE), LEASE)).isPresent();
        }
    }

    @Test
    void failuresAreSortedIntoStoreBrokerAndOther() {
        assertThat(AttemptRunner.kind(new StoreException("x", new RuntimeException()))).isEqualTo("store");
        assertThat(AttemptRunner.kind(new RuntimeException(new org.apache.kafka.common.errors.TimeoutException("t"))))
                .isEqualTo("broker");
        assertThat(AttemptRunner.kind(new io.smallrye.mutiny.TimeoutException())).isEqualTo("broker");
        assertThat(AttemptRunner.kind(new IllegalStateException("bug"))).isEqualTo("other");
    }

    private static AttemptRunner runner(QueueStore queue, Consumer<QueueEntry> agent, SimpleMeterRegistry registry) {
        return new AttemptRunner(queue, new DestinationLimiter(10), new DestinationSlots(db, 2, LEASE), agent,
                Duration.ofSeconds(10), FIRST_RETRY, registry);
    }

    private static RemoteDelivery delivery(String id) {
        return new RemoteDelivery(1, id, "blob", 10, "a@example.test", "remote.test", List.of("b@remote.test"),
                Instant.now());
    }
}
