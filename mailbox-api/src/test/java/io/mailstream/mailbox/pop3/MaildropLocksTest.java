package io.mailstream.mailbox.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import io.mailstream.store.StoreDatabase;
import io.mailstream.testkit.EmbeddedMongo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The cross-instance maildrop lock: each {@link MaildropLocks} here stands for one mailbox-api instance. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MaildropLocksTest {

    private static final Duration TTL = Duration.ofSeconds(120);

    private MongoClient client;
    private MongoDatabase db;
    private MutableClock clock;

    @BeforeAll
    void store() {
        client = MongoClients.create(EmbeddedMongo.start());
    }

    @AfterAll
    void close() {
        client.close();
    }

    @BeforeEach
    void freshDatabase() {
        db = StoreDatabase.open(client, "locks" + System.nanoTime());
        clock = new MutableClock();
    }

    private MaildropLocks instance(String name) {
        return new MaildropLocks(db, name, TTL, clock);
    }

    @Test
    void oneHolderAtATimeAndOnlyTheHolderReleases() {
        MaildropLocks a = instance("a");
        MaildropLocks b = instance("b");
        assertThat(a.acquire("alice@x.test", "s1")).isTrue();
        assertThat(a.acquire("alice@x.test", "s2")).as("same instance, other session").isFalse();
        assertThat(b.acquire("alice@x.test", "s1")).as("other instance, same session id").isFalse();
        assertThat(b.acquire("bob@x.test", "s1")).as("another maildrop").isTrue();
        b.release("alice@x.test", "s1");
        assertThat(a.refresh("alice@x.test", "s1")).as("a foreign release changes nothing").isTrue();
        a.release("alice@x.test", "s1");
        assertThat(a.refresh("alice@x.test", "s1")).isFalse();
        assertThat(b.acquire("alice@x.test", "s3")).isTrue();
    }

    @Test
    void concurrentSessionsOnManyInstancesGetExactlyOneLock() throws Exception {
        assertThat(race(8, i -> instance("i" + i).acquire("carol@x.test", "s" + i))).isEqualTo(1);
    }

    @Test
    void anExpiredLockIsTakenOverByExactlyOneInstance() throws Exception {
        assertThat(instance("dead").acquire("dave@x.test", "s0")).isTrue();
        clock.advance(TTL.minusSeconds(1));
        assertThat(instance("early").acquire("dave@x.test", "s1")).as("not yet expired").isFalse();
        clock.advance(Duration.ofSeconds(2));
        assertThat(race(8, i -> instance("i" + i).acquire("dave@x.test", "s" + i))).isEqualTo(1);
        assertThat(instance("dead").refresh("dave@x.test", "s0")).as("the old holder knows it lost it").isFalse();
    }

    @Test
    void theHeartbeatKeepsLiveLocksFromExpiring() {
        MaildropLocks a = instance("a");
        a.acquire("erin@x.test", "s1");
        clock.advance(TTL.minusSeconds(20));
        a.heartbeat();
        clock.advance(Duration.ofSeconds(60));
        assertThat(instance("b").acquire("erin@x.test", "s2")).as("past the first expiry, refreshed").isFalse();
        a.release("erin@x.test", "s1");
        a.heartbeat();
        assertThat(instance("b").acquire("erin@x.test", "s2")).isTrue();
    }

    private interface Attempt {
        boolean run(int i) throws Exception;
    }

    /** Runs n attempts released at the same moment; returns how many succeeded. */
    private static int race(int n, Attempt attempt) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int id = i;
            results.add(pool.submit(() -> {
                start.await();
                return attempt.run(id);
            }));
        }
        start.countDown();
        int won = 0;
        for (Future<Boolean> f : results) {
            won += f.get() ? 1 : 0;
        }
        pool.shutdown();
        return won;
    }
}
