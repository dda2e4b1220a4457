package io.mailstream.delivery;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import io.mailstream.core.event.LocalDelivery;
import io.mailstream.store.BlobStore;
import io.mailstream.store.Directory;
import io.mailstream.store.MailboxStore;
import io.mailstream.store.MessageStore;
import io.mailstream.store.StoreDatabase;
import io.mailstream.testkit.EmbeddedMongo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Deliveries per second through {@link MailboxDeliverer} (resolve-free store path: folders, dedup
 * check, quota lookup, per-delivery blob, UID, insert) with one and with two instances, each with
 * its own MongoDB client, against the in-process Mongo-wire store. Not part of the normal build:
 * <pre>mvn -o -q -pl delivery-service test -Dtest=DeliveryBenchmark -Dbenchmark=true</pre>
 * Tune with {@code -Dbenchmark.messages=4000 -Dbenchmark.users=20 -Dbenchmark.size=4096}.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class DeliveryBenchmark {

    private static final int MESSAGES = Integer.getInteger("benchmark.messages", 4000);
    private static final int USERS = Integer.getInteger("benchmark.users", 20);
    private static final int SIZE = Integer.getInteger("benchmark.size", 4096);

    @Test
    void deliveriesPerSecondWithOneAndTwoInstances() throws Exception {
        String uri = EmbeddedMongo.start();
        run(uri, 1, "warm-up", MESSAGES / 4);
        double one = run(uri, 1, "one instance", MESSAGES);
        double two = run(uri, 2, "two instances", MESSAGES);
        double oneMailbox = run(uri, 2, "two instances, one mailbox", MESSAGES, 1);
        System.out.printf("BENCHMARK delivery-service: %d messages of %d octets to %d users: one instance %.0f/s, "
                + "two instances %.0f/s (x%.2f), two instances into one mailbox %.0f/s, %d cores%n", MESSAGES, SIZE,
                USERS, one, two, two / one, oneMailbox, Runtime.getRuntime().availableProcessors());
    }

    private static double run(String uri, int instances, String label, int messages) throws Exception {
        return run(uri, instances, label, messages, USERS);
    }

    private static double run(String uri, int instances, String label, int messages, int users) throws Exception {
        String dbName = "bench" + System.nanoTime();
        byte[] body = ("Subject: bench\r\n\r\n" + "x".repeat(Math.max(0, SIZE - 20))).getBytes(StandardCharsets.UTF_8);
        List<MongoClient> clients = new ArrayList<>();
        List<MailboxDeliverer> deliverers = new ArrayList<>();
        String blobId = null;
        for (int i = 0; i < instances; i++) {
            MongoClient client = MongoClients.create(uri);
            clients.add(client);
            MongoDatabase db = StoreDatabase.open(client, dbName);
            Directory directory = new Directory(db, Optional.empty());
            if (i == 0) {
                directory.addDomain("bench.test");
                for (int u = 0; u < users; u++) {
                    directory.addUser("u" + u + "@bench.test", "secret-" + u);
                }
                blobId = new BlobStore(db).put(body);
            }
            deliverers.add(new MailboxDeliverer(new BlobStore(db), new MailboxStore(db), new MessageStore(db),
                    directory, Duration.ofDays(1)));
        }
        String blob = blobId;
        ExecutorService pool = Executors.newFixedThreadPool(instances);
        long start = System.nanoTime();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                int instance = i;
                done.add(pool.submit(() -> {
                    // Like Kafka partitions: each instance takes its share of the records.
                    for (int n = instance; n < messages; n += instances) {
                        String owner = "u" + (n % users) + "@bench.test";
                        LocalDelivery d = new LocalDelivery(1, "m" + n, blob, body.length, "s@far.example", owner,
                                owner, Instant.now());
                        deliverers.get(instance).deliver(d, owner, body, Instant.now());
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
            clients.forEach(MongoClient::close);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = messages / seconds;
        System.out.printf("BENCHMARK %s: %d deliveries in %.2f s = %.0f/s%n", label, messages, seconds, rate);
        return rate;
    }
}
