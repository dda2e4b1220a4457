package io.mailstream.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

import io.mailstream.mongowire.SerializedBackend;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The per-owner usage total that makes a quota check atomic, over real TCP on the Mongo-wire store. */
class UsageCounterTest {

    private static final String ALICE = "alice@example.test";

    static MongoServer server;
    static MongoClient client;
    MongoDatabase db;
    MessageStore messages;
    AtomicLong uids = new AtomicLong();

    @BeforeAll
    static void start() {
        server = new MongoServer(new SerializedBackend(new MemoryBackend()));
        InetSocketAddress addr = server.bind();
        client = MongoClients.create("mongodb://127.0.0.1:" + addr.getPort());
    }

    @AfterAll
    static void stop() {
        client.close();
        server.shutdownNow();
    }

    @BeforeEach
    void freshDatabase() {
        db = StoreDatabase.open(client, "u" + System.nanoTime());
        messages = new MessageStore(db);
    }

    private StoredMessage message(String id, String mailboxId, long size) {
        return new StoredMessage(id + "/" + ALICE, mailboxId, uids.incrementAndGet(), 1, Set.of(), new Date(), size,
                "b".repeat(64), id, ALICE, "Subject: x\r\n\r\n");
    }

    @Test
    void insertsAndDeletesOfEveryKindKeepTheTotal() {
        messages.insert(message("m1", "inbox", 100));
        messages.insert(message("m2", "inbox", 50));
        StoredMessage m3 = message("m3", "archive", 7);
        messages.insert(m3);
        assertThat(messages.insert(message("m1", "inbox", 100))).as("duplicate").isFalse();
        assertThat(messages.countedUsage(ALICE)).isEqualTo(new MessageStore.Usage(157, 3));

        messages.delete("inbox", List.of(1L), 9); // EXPUNGE with QRESYNC history
        assertThat(messages.countedUsage(ALICE)).isEqualTo(new MessageStore.Usage(57, 2));
        messages.delete("inbox", List.of(1L), 10); // already gone: nothing more comes off
        assertThat(messages.countedUsage(ALICE)).isEqualTo(new MessageStore.Usage(57, 2));
        messages.deleteMailbox("archive");
        assertThat(messages.countedUsage(ALICE)).isEqualTo(new MessageStore.Usage(50, 1));
        assertThat(messages.countedUsage(ALICE)).isEqualTo(messages.usage(ALICE));
    }

    @Test
    void aReservationTakesRoomOnlyWhenItFitsAndADuplicateGivesItBack() {
        messages.insert(message("m1", "inbox", 60));

        assertThat(messages.reserve(ALICE, 41, 100, 0)).isFalse();
        assertThat(messages.reserve(ALICE, 40, 100, 0)).isTrue();
        assertThat(messages.insertReserved(message("m2", "inbox", 40))).isTrue();
        assertThat(messages.reserve(ALICE, 0, 100, 2)).as("message limit").isFalse();
        assertThat(messages.reserve(ALICE, 1, 0, 0)).as("no limits").isTrue();
        assertThat(messages.insertReserved(message("m1", "inbox", 1))).as("a duplicate").isFalse();
        assertThat(messages.countedUsage(ALICE)).isEqualTo(new MessageStore.Usage(100, 2));
        messages.delete("inbox", List.of(2L));
        assertThat(messages.reserve(ALICE, 40, 100, 2)).isTrue();
    }

    @Test
    void anOwnerWithoutATotalGetsOneFromAScanAndRecountRepairsDrift() {
        messages.insert(message("m1", "inbox", 10));
        db.getCollection("usage").drop(); // mail stored before totals existed
        messages.insert(message("m2", "inbox", 20)); // no total yet: left to the scan

        assertThat(messages.countedUsage(ALICE)).isEqualTo(new MessageStore.Usage(30, 2));
        db.getCollection("usage").updateOne(new org.bson.Document("_id", ALICE),
                new org.bson.Document("$set", new org.bson.Document("bytes", 999L)));
        assertThat(messages.recountUsage(ALICE)).isEqualTo(new MessageStore.Usage(30, 2));
        assertThat(messages.countedUsage(ALICE)).isEqualTo(new MessageStore.Usage(30, 2));
    }

    @Test
    void racingDeliveriesNeverOvershootTheLimit() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                StoredMessage m = message("r" + i, "inbox", 10);
                results.add(pool.submit(() -> messages.reserve(ALICE, 10, 95, 0) && messages.insertReserved(m)));
            }
            long stored = 0;
            for (Future<Boolean> r : results) {
                stored += r.get() ? 1 : 0;
            }
            assertThat(stored).isEqualTo(9);
        } finally {
            pool.shutdownNow();
        }
        assertThat(messages.usage(ALICE)).isEqualTo(new MessageStore.Usage(90, 9));
        assertThat(messages.countedUsage(ALICE)).isEqualTo(messages.usage(ALICE));
    }
}
