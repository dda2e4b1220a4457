package io.mailstream.relay.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import io.mailstream.core.event.RemoteDelivery;
import io.mailstream.store.StoreDatabase;
import io.mailstream.testkit.EmbeddedMongo;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cluster-wide per-domain limit: two relay instances (each its own {@link DestinationSlots}
 * and {@link AttemptRunner}, with a generous per-instance limit) share one limit through the
 * Mongo-wire store.
 */
class DestinationSlotsTest {

    private static final Duration LEASE = Duration.ofMinutes(30);
    private static MongoClient client;
    private static MongoDatabase db;

    @BeforeAll
    static void open() {
        client = MongoClients.create(EmbeddedMongo.start());
        db = StoreDatabase.open(client, "slots" + System.nanoTime());
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @Test
    void twoInstancesNeverHoldMoreSlotsThanTheLimitAndAFreedSlotIsTakenAgain() {
        DestinationSlots a = new DestinationSlots(db, 2, LEASE);
        DestinationSlots b = new DestinationSlots(db, 2, LEASE);
        String domain = "d" + UUID.randomUUID() + ".test";
        Instant now = Instant.now();

        DestinationSlots.Slot a1 = a.tryAcquire(domain, now).orElseThrow();
        DestinationSlots.Slot b1 = b.tryAcquire(domain, now).orElseThrow();
        assertThat(a1.lease().id()).isNotEqualTo(b1.lease().id());
        assertThat(a.tryAcquire(domain, now)).isEmpty();
        assertThat(b.tryAcquire(domain, now)).isEmpty();
        // another domain has slots of its own
        assertThat(b.tryAcquire("other-" + domain, now)).isPresent();

        a.release(a1);
        DestinationSlots.Slot b2 = b.tryAcquire(domain, now).orElseThrow();
        assertThat(b2.lease().id()).isEqualTo(a1.lease().id());
        assertThat(a.held(domain, now)).isEqualTo(2);
        // releasing twice, or a slot someone else holds now, changes nothing
        a.release(a1);
        assertThat(a.held(domain, now)).isEqualTo(2);
    }

    @Test
    void theSlotsOfAnInstanceThatDiedFreeWhenTheirLeaseExpires() {
        DestinationSlots dead = new DestinationSlots(db, 1, LEASE);
        DestinationSlots alive = new DestinationSlots(db, 1, LEASE);
        String domain = "d" + UUID.randomUUID() + ".test";
        Instant t0 = Instant.now();
        DestinationSlots.Slot lost = dead.tryAcquire(domain, t0).orElseThrow();

        assertThat(alive.tryAcquire(domain, t0.plus(LEASE).minusSeconds(1))).isEmpty();
        DestinationSlots.Slot taken = alive.tryAcquire(domain, t0.plus(LEASE)).orElseThrow();
        // the dead holder's late release does not free the slot it lost
        dead.release(lost);
        assertThat(alive.held(domain, t0.plus(LEASE))).isEqualTo(1);
        alive.release(taken);
        assertThat(alive.held(domain, t0.plus(LEASE))).isZero();
    }

    @Test
    void withoutAClusterLimitEveryAcquireSucceedsWithoutTheStore() {
        DestinationSlots off = new DestinationSlots(db, 0, LEASE);
        for (int i = 0; i < 5; i++) {
            assertThat(off.tryAcquire("x.test", Instant.now())).isPresent();
        }
    }

    @Test
    void twoAgentsSharingOneLimitAttemptAtMostThatManyAtOnceAndPutTheRestBack() throws Exception {
        QueueStore queue = new QueueStore(db);
        String domain = "d" + UUID.randomUUID() + ".test";
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger attempted = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        java.util.function.Consumer<QueueEntry> slowAgent = entry -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            attempted.incrementAndGet();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            queue.complete(entry, entry.recipients(), QueueEntry.State.DONE, Instant.now(), Instant.now(), true);
        };
        List<AttemptRunner> instances = List.of(runner(queue, slowAgent), runner(queue, slowAgent));

        List<QueueEntry> entries = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            entries.add(queue.enqueue(new RemoteDelivery(1, "m-" + UUID.randomUUID(), "blob", 10, "a@example.test",
                    domain, List.of("b@" + domain), Instant.now()), Instant.now(), LEASE).orElseThrow());
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            for (int i = 0; i < entries.size(); i++) {
                QueueEntry e = entries.get(i);
                AttemptRunner instance = instances.get(i % 2);
                pool.execute(() -> instance.run(e));
            }
            Thread.sleep(1000);
            release.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            pool.shutdownNow();
        }

        assertThat(most.get()).isEqualTo(2);
        assertThat(attempted.get()).isEqualTo(2);
        // the four that found the domain busy wait in the queue, lease released, untouched
        List<QueueEntry> waiting = entries.stream().map(e -> queue.forMessage(e.messageId()).get(0))
                .filter(e -> e.state() != QueueEntry.State.DONE).toList();
        assertThat(waiting).hasSize(4).allSatisfy(e -> {
            assertThat(e.lease()).isNull();
            assertThat(e.attempts()).isZero();
            assertThat(e.nextAttemptAt()).isAfter(Instant.now().plusSeconds(30));
        });
        assertThat(new DestinationSlots(db, 2, LEASE).held(domain, Instant.now())).isZero();
    }

    private static AttemptRunner runner(QueueStore queue, java.util.function.Consumer<QueueEntry> agent) {
        return new AttemptRunner(queue, new DestinationLimiter(10), new DestinationSlots(db, 2, LEASE), agent,
                Duration.ofMinutes(1), Duration.ofMinutes(1), new SimpleMeterRegistry());
    }
}
