package io.mailstream.mongowire;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.bson.Document;
import org.junit.jupiter.api.Test;

class SerializedBackendTest {

    @Test
    void theWriteHookRunsForEveryWriteAndNoRead() {
        AtomicInteger syncs = new AtomicInteger();
        MongoServer server = new MongoServer(new SerializedBackend(new MemoryBackend(), syncs::incrementAndGet));
        try (MongoClient client = MongoClients.create(server.bindAndGetConnectionString())) {
            MongoCollection<Document> c = client.getDatabase("t").getCollection("c");
            c.insertOne(new Document("_id", 1).append("n", 0));
            int afterInsert = syncs.get();
            assertThat(afterInsert).isPositive();
            c.find().first();
            c.countDocuments();
            assertThat(syncs.get()).isEqualTo(afterInsert);
            c.updateOne(Filters.eq("_id", 1), Updates.inc("n", 1));
            c.findOneAndUpdate(Filters.eq("_id", 1), Updates.inc("n", 1));
            c.deleteOne(Filters.eq("_id", 1));
            assertThat(syncs.get()).isEqualTo(afterInsert + 3);
        } finally {
            server.shutdownNow();
        }
    }

    @Test
    void aSyncInProgressHoldsBackItsWriteButNotOtherOperations() throws Exception {
        CountDownLatch syncing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger syncs = new AtomicInteger();
        MongoServer server = new MongoServer(new SerializedBackend(new MemoryBackend(), () -> {
            if (syncs.incrementAndGet() == 2) { // the second write's sync: held until released
                syncing.countDown();
                await(release);
            }
        }));
        try (MongoClient client = MongoClients.create(server.bindAndGetConnectionString())) {
            MongoCollection<Document> c = client.getDatabase("t").getCollection("c");
            c.insertOne(new Document("_id", 0));
            CompletableFuture<Void> held = CompletableFuture.runAsync(() -> c.insertOne(new Document("_id", 1)));
            assertThat(syncing.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(c.countDocuments()).as("applied, readable, not yet acknowledged").isEqualTo(2);
            assertThat(held).isNotDone();
            release.countDown();
            held.get(10, TimeUnit.SECONDS);
        } finally {
            release.countDown();
            server.shutdownNow();
        }
    }

    @Test
    void concurrentWritesShareSyncs() throws Exception {
        AtomicInteger syncs = new AtomicInteger();
        MongoServer server = new MongoServer(new SerializedBackend(new MemoryBackend(), () -> {
            syncs.incrementAndGet();
            sleep(5);
        }));
        try (MongoClient client = MongoClients.create(server.bindAndGetConnectionString())) {
            MongoCollection<Document> c = client.getDatabase("t").getCollection("c");
            c.insertOne(new Document("_id", "warm"));
            List<CompletableFuture<Void>> writers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                writers.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 25; i++) {
                        c.insertOne(new Document("_id", thread + "-" + i));
                    }
                }, command -> new Thread(command).start()));
            }
            CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            assertThat(c.countDocuments()).isEqualTo(201);
            assertThat(syncs.get()).as("syncs for 200 concurrent writes").isLessThan(150);
        } finally {
            server.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
