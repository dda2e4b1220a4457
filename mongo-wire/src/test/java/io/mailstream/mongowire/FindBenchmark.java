package io.mailstream.mongowire;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;

import de.bwaldvogel.mongo.MongoServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.function.IntSupplier;

import io.netty.channel.embedded.EmbeddedChannel;

import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.bson.conversions.Bson;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * How long the H2 store takes to answer an IMAP SELECT's read of a mailbox: {@code find} by
 * mailbox, without the search text, in UID order, read whole through the Java driver; and every
 * IMAP command's question of what changed since a MODSEQ, a range on the {@code (mailboxId, modSeq)}
 * index that returns a handful of UIDs and MODSEQs. Runs the
 * store in-process with the local stack's settings. Not part of the normal build:
 * <pre>mvn -o -q -pl mongo-wire test -Dtest=FindBenchmark -Dbenchmark=true</pre>
 * Tune with {@code -Dbenchmark.messages=1000 -Dbenchmark.rounds=15}.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class FindBenchmark {

    private static final int MESSAGES = Integer.getInteger("benchmark.messages", 1000);
    private static final int ROUNDS = Integer.getInteger("benchmark.rounds", 15);
    /** Messages changed since the MODSEQ asked for; that find is short, so it gets 20 times the rounds. */
    private static final int CHANGED = 10;

    @Test
    void millisecondsToReadAMailbox() throws Exception {
        Path dir = Files.createTempDirectory("find-bench");
        MVStore store = new MVStore.Builder().fileName(dir.resolve("store.mv").toString()).cacheSize(64).open();
        SerializedBackend backend = new SerializedBackend(IndexedBackends.h2(store));
        MongoServer server = new MongoServer(backend);
        try (MongoClient client = MongoClients.create(server.bindAndGetConnectionString())) {
            MongoCollection<Document> messages = client.getDatabase("bench").getCollection("messages");
            messages.createIndex(Indexes.ascending("mailboxId", "uid"));
            messages.createIndex(Indexes.ascending("mailboxId", "modSeq")); // as MessageStore, after the uid one
            List<Document> batch = new ArrayList<>();
            for (int uid = 1; uid <= MESSAGES; uid++) {
                batch.add(message("inbox", uid));
                batch.add(message("other", uid)); // a second mailbox the index has to leave out
            }
            messages.insertMany(batch);
            Bson inbox = Filters.eq("mailboxId", "inbox");
            // what changed since a MODSEQ (MessageStore.versionsSince): the last 10 of the mailbox
            Bson changed = Filters.and(inbox, Filters.gt("modSeq", (long) MESSAGES - CHANGED));
            double since = median(CHANGED, ROUNDS * 20, () -> messages.find(changed)
                    .projection(Projections.include("uid", "modSeq")).into(new ArrayList<>()).size());
            double sinceInStore = median(CHANGED, ROUNDS * 20, () -> storeFindChanged(backend));
            double excluding = median(() -> messages.find(inbox).projection(Projections.exclude("summary.text"))
                    .sort(Sorts.ascending("uid")).into(new ArrayList<>()).size());
            double whole = median(() -> messages.find(inbox).sort(Sorts.ascending("uid")).into(new ArrayList<>()).size());
            double including = median(() -> messages.find(inbox).projection(Projections.include("uid", "summary.text"))
                    .into(new ArrayList<>()).size());
            // the store's own part, without the wire and the driver: what the backend does under its lock
            double storeOnly = median(() -> storeFind(backend));
            System.out.printf("BENCHMARK mongo-wire: find of %d messages of %d octets, median of %d rounds: "
                    + "excluding summary.text, by uid %.1f ms (in the store alone %.1f ms); whole, by uid %.1f ms; "
                    + "only uid and summary.text %.1f ms; uid and modSeq of the %d changed since a MODSEQ %.2f ms (in the store alone %.3f ms); "
                    + "%d cores%n", MESSAGES, bytes(message("inbox", 1)), ROUNDS, excluding, storeOnly, whole, including,
                    CHANGED, since, sinceInStore, Runtime.getRuntime().availableProcessors());
        } finally {
            server.shutdownNow();
        }
    }

    /** Milliseconds {@code find} of the whole mailbox takes, the median of the rounds after as many to warm up. */
    private static double median(IntSupplier find) {
        return median(MESSAGES, ROUNDS, find);
    }

    /** Milliseconds {@code find} of {@code expected} messages takes, the median of {@code rounds} after as many. */
    private static double median(int expected, int rounds, IntSupplier find) {
        for (int i = 0; i < rounds; i++) { // warm-up
            check(expected, find.getAsInt());
        }
        double[] ms = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            check(expected, find.getAsInt());
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        return ms[rounds / 2];
    }

    /** The find of the mailbox as the driver sends it, answered by the backend whole in its first batch. */
    private static int storeFind(SerializedBackend backend) {
        return storeFind(backend, new de.bwaldvogel.mongo.bson.Document("mailboxId", "inbox"),
                new de.bwaldvogel.mongo.bson.Document("summary.text", 0),
                new de.bwaldvogel.mongo.bson.Document("uid", 1));
    }

    /** The find of what changed since a MODSEQ as the driver sends it (Filters.and), answered by the backend. */
    private static int storeFindChanged(SerializedBackend backend) {
        List<de.bwaldvogel.mongo.bson.Document> clauses = List.of(
                new de.bwaldvogel.mongo.bson.Document("mailboxId", "inbox"),
                new de.bwaldvogel.mongo.bson.Document("modSeq",
                        new de.bwaldvogel.mongo.bson.Document("$gt", (long) MESSAGES - CHANGED)));
        return storeFind(backend, new de.bwaldvogel.mongo.bson.Document("$and", clauses),
                new de.bwaldvogel.mongo.bson.Document("uid", 1).append("modSeq", 1), null);
    }

    private static int storeFind(SerializedBackend backend, de.bwaldvogel.mongo.bson.Document filter,
            de.bwaldvogel.mongo.bson.Document projection, de.bwaldvogel.mongo.bson.Document sort) {
        de.bwaldvogel.mongo.bson.Document find = new de.bwaldvogel.mongo.bson.Document("find", "messages")
                .append("filter", filter).append("projection", projection);
        if (sort != null) {
            find.append("sort", sort);
        }
        de.bwaldvogel.mongo.bson.Document reply = backend.handleCommand(new EmbeddedChannel(), "bench", "find", find);
        return ((List<?>) ((de.bwaldvogel.mongo.bson.Document) reply.get("cursor")).get("firstBatch")).size();
    }

    private static void check(int expected, int found) {
        if (found != expected) {
            throw new AssertionError("found " + found + " messages, expected " + expected);
        }
    }

    private static int bytes(Document d) {
        return new RawBsonDocument(d, new DocumentCodec()).getByteBuffer().remaining();
    }

    /** A message record shaped like MessageStore's, about 3 KB, two thirds of it search text. */
    static Document message(String mailboxId, int uid) {
        Document envelope = new Document("date", "Mon, 3 Mar 2025 10:00:00 +0000")
                .append("subject", "Quarterly report " + uid)
                .append("from", List.of(address("Alice Example", "alice", "example.org")))
                .append("sender", List.of(address("Alice Example", "alice", "example.org")))
                .append("replyTo", List.of(address("Alice Example", "alice", "example.org")))
                .append("to", List.of(address("Bob", "bob", "example.net"), address("Carol", "carol", "example.net")))
                .append("cc", List.of()).append("bcc", List.of())
                .append("inReplyTo", null).append("messageId", "<" + uid + "." + mailboxId + "@example.org>");
        Document body = new Document("type", "multipart").append("subtype", "alternative")
                .append("parts", List.of(part("plain", 0, 1200), part("html", 1300, 2400)))
                .append("start", 0L).append("size", 2600L);
        Document text = new Document("headers", List.of("Quarterly report " + uid, "alice@example.org"))
                .append("body", List.of("lorem ipsum dolor sit amet ".repeat(75)));
        return new Document("_id", mailboxId + "-" + uid).append("mailboxId", mailboxId).append("uid", (long) uid)
                .append("modSeq", (long) uid).append("flags", List.of("\\Seen")).append("internalDate", new Date())
                .append("size", 4096L).append("blobId", "sha256-" + uid).append("messageId", "<" + uid + "@example.org>")
                .append("owner", "bob@example.net").append("header", "Subject: Quarterly report " + uid)
                .append("summary", new Document("env", envelope).append("body", body).append("v", 1).append("text", text));
    }

    private static Document address(String name, String mailbox, String host) {
        return new Document("name", name).append("adl", null).append("mailbox", mailbox).append("host", host);
    }

    private static Document part(String subtype, long start, long end) {
        return new Document("type", "text").append("subtype", subtype)
                .append("params", new Document("charset", "utf-8")).append("encoding", "quoted-printable")
                .append("start", start).append("size", end - start).append("lines", (end - start) / 70);
    }
}
