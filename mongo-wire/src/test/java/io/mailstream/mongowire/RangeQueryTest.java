package io.mailstream.mongowire;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Range and {@code $in} queries on the second field of a compound index ({@code (mailboxId, uid)}
 * and {@code (mailboxId, modSeq)}, as MessageStore creates them) answer on the indexed H2 and memory
 * collections as on mongo-java-server's plain memory backend, over random documents whose numbers
 * are of every type, or missing, null, arrays, strings, dates, NaN, and through updates that move
 * documents in the order, and deletes.
 */
class RangeQueryTest {

    private static final long BIG = 1L << 53;
    private static final Object MISSING = new Object();

    private final List<MongoServer> servers = new ArrayList<>();
    private final List<MongoClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        clients.forEach(MongoClient::close);
        servers.forEach(MongoServer::shutdownNow);
    }

    @Test
    void rangeQueriesAnswerAsTheLibrarysOwnBackend(@TempDir Path dir) {
        long seed = System.nanoTime();
        Random r = new Random(seed);
        MongoCollection<Document> plain = collection(new MemoryBackend());
        List<MongoCollection<Document>> indexed = List.of(collection(IndexedBackends.memory()),
                collection(IndexedBackends.h2(dir.resolve("s.mv").toString())));
        List<MongoCollection<Document>> all = new ArrayList<>(indexed);
        all.add(plain);

        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            docs.add(document(r, "d" + i));
        }
        all.forEach(c -> c.insertMany(docs.stream().map(Document::new).toList()));
        assertSameAnswers(r, seed, plain, indexed);

        for (int i = 0; i < 150; i++) { // a flag change: a new MODSEQ in place
            Bson one = Filters.eq("_id", "d" + r.nextInt(300));
            Object value = number(r);
            Bson update = value == MISSING ? Updates.unset("modSeq") : Updates.set("modSeq", value);
            all.forEach(c -> c.updateOne(one, update));
        }
        Bson range = Filters.and(Filters.eq("mailboxId", "m1"), Filters.gt("modSeq", 20));
        Bson uids = Filters.and(Filters.eq("mailboxId", "m2"), Filters.in("uid", 3, 4L, 5.0, 6));
        all.forEach(c -> {
            c.updateMany(range, Updates.set("flags", List.of("\\Seen")));
            c.updateMany(uids, Updates.set("uid", 1000));
            c.deleteMany(Filters.and(Filters.eq("mailboxId", "m0"), Filters.lte("uid", 8)));
        });
        assertSameAnswers(r, seed, plain, indexed);
    }

    private static void assertSameAnswers(Random r, long seed, MongoCollection<Document> plain,
            List<MongoCollection<Document>> indexed) {
        for (int i = 0; i < 200; i++) {
            String field = r.nextBoolean() ? "modSeq" : "uid";
            Document condition = condition(r);
            String mailbox = "m" + r.nextInt(4);
            Bson query = r.nextBoolean() ? Filters.and(Filters.eq("mailboxId", mailbox), new Document(field, condition))
                    : new Document("mailboxId", mailbox).append(field, condition);
            String what = "seed " + seed + ": " + query.toBsonDocument().toJson();
            List<String> expected = answer(plain, query);
            long count = plain.countDocuments(query);
            for (MongoCollection<Document> c : indexed) {
                assertThat(answer(c, query)).as(what).isEqualTo(expected);
                assertThat(c.countDocuments(query)).as(what).isEqualTo(count);
            }
        }
    }

    private static List<String> answer(MongoCollection<Document> c, Bson query) {
        List<String> out = new ArrayList<>();
        c.find(query).projection(Projections.include("uid", "modSeq", "flags")).sort(Sorts.ascending("_id"))
                .batchSize(7).forEach(d -> out.add(d.toJson()));
        return out;
    }

    /** A condition of one or two bounds, an $in, or both, with bounds mostly numbers of every type. */
    private static Document condition(Random r) {
        Document condition = new Document();
        List<String> operators = List.of("$gt", "$gte", "$lt", "$lte", "$eq");
        int kind = r.nextInt(4);
        if (kind < 3) {
            for (int i = 0; i <= r.nextInt(2); i++) {
                condition.append(operators.get(r.nextInt(kind == 2 ? 5 : 4)), bound(r));
            }
        }
        if (kind >= 2) {
            List<Object> values = new ArrayList<>();
            for (int i = r.nextInt(5); i > 0; i--) {
                values.add(bound(r));
            }
            condition.append("$in", values);
        }
        return condition;
    }

    private static Object bound(Random r) {
        int n = r.nextInt(50);
        return switch (r.nextInt(12)) {
            case 0, 1, 2 -> n;
            case 3, 4, 5 -> (long) n;
            case 6, 7 -> n + 0.5;
            case 8 -> (double) n;
            case 9 -> r.nextBoolean() ? BIG : -0.0;
            case 10 -> "s" + n;
            default -> r.nextBoolean() ? Double.POSITIVE_INFINITY : (Object) null;
        };
    }

    /** A value for uid or modSeq: mostly a number of some type, else anything a document may hold there. */
    private static Object number(Random r) {
        int n = r.nextInt(50);
        return switch (r.nextInt(20)) {
            case 0 -> MISSING;
            case 1 -> null;
            case 2 -> List.of(n, n + 10);
            case 3 -> "s" + n;
            case 4 -> new Date(n);
            case 5 -> r.nextBoolean() ? Double.NaN : -0.0;
            case 6 -> r.nextBoolean() ? BIG + 1 : BIG;
            case 7, 8, 9, 10 -> n;
            case 11, 12, 13, 14 -> (long) n;
            case 15, 16 -> n + 0.5;
            default -> (double) n;
        };
    }

    private static Document document(Random r, String id) {
        Document d = new Document("_id", id);
        int box = r.nextInt(20);
        if (box < 17) {
            d.append("mailboxId", "m" + box % 3);
        } else if (box == 17) {
            d.append("mailboxId", List.of("m0", "m1"));
        } else if (box == 18) {
            d.append("mailboxId", 1);
        }
        for (String field : List.of("uid", "modSeq")) {
            Object value = number(r);
            if (value != MISSING) {
                d.append(field, value);
            }
        }
        return d;
    }

    private MongoCollection<Document> collection(MongoBackend backend) {
        MongoServer server = new MongoServer(new SerializedBackend(backend));
        servers.add(server);
        MongoClient client = MongoClients.create(server.bindAndGetConnectionString());
        clients.add(client);
        MongoCollection<Document> c = client.getDatabase("t").getCollection("messages");
        c.createIndex(Indexes.ascending("mailboxId", "uid"));
        c.createIndex(Indexes.ascending("mailboxId", "modSeq"));
        return c;
    }
}
