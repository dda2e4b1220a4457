package io.mailstream.mongowire;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EqualityIndexTest {

    /** Queries whose answers must not depend on whether the index serves them. */
    private static final List<Bson> QUERIES = List.of(
            Filters.eq("mailboxId", "m1"),
            Filters.eq("mailboxId", "m2"),
            Filters.eq("mailboxId", "nope"),
            Filters.and(Filters.eq("mailboxId", "m1"), Filters.gt("uid", 3)),
            Filters.and(Filters.eq("mailboxId", "m1"), Filters.eq("uid", 2L)),
            Filters.and(Filters.eq("mailboxId", "m1"), Filters.eq("uid", 2.0)),
            Filters.in("mailboxId", "m1", "m3"),
            Filters.eq("mailboxId", "tagA"),
            Filters.eq("flags", "\\Seen"),
            Filters.eq("mailboxId", 7),
            Filters.exists("mailboxId", false),
            Filters.or(Filters.eq("mailboxId", "m1"), Filters.eq("uid", 1)),
            Filters.and(Filters.eq("uid", 1), Filters.eq("mailboxId", "tagB")));

    @Test
    void answersEveryQueryAsAFullScanDoesThroughInsertsUpdatesAndDeletes() {
        withCollection(IndexedBackends.memory(), indexed -> withCollection(new MemoryBackend(), plain -> {
            for (MongoCollection<Document> c : List.of(indexed, plain)) {
                c.createIndex(Indexes.ascending("mailboxId", "uid"));
                for (int i = 1; i <= 30; i++) {
                    c.insertOne(new Document("_id", "d" + i).append("mailboxId", "m" + (i % 3 + 1)).append("uid", i)
                            .append("flags", i % 2 == 0 ? List.of("\\Seen") : List.of()));
                }
                c.insertOne(new Document("_id", "arr").append("mailboxId", List.of("tagA", "tagB")).append("uid", 1));
                c.insertOne(new Document("_id", 99L).append("mailboxId", 7L).append("uid", 1));
                c.insertOne(new Document("_id", "none").append("uid", 1));
            }
            assertSameAnswers(indexed, plain);

            for (MongoCollection<Document> c : List.of(indexed, plain)) {
                c.updateMany(Filters.eq("mailboxId", "m2"), Updates.set("mailboxId", "m1"));
                c.updateOne(Filters.eq("_id", "arr"), Updates.set("mailboxId", "m3"));
                c.findOneAndUpdate(Filters.eq("_id", "d3"), Updates.set("mailboxId", List.of("tagA")));
                c.deleteMany(Filters.and(Filters.eq("mailboxId", "m1"), Filters.lt("uid", 10)));
                c.deleteOne(Filters.eq("_id", 99L));
            }
            assertSameAnswers(indexed, plain);
            assertThat(indexed.countDocuments(Filters.eq("mailboxId", "m1"))).isEqualTo(14);
        }));
    }

    @Test
    void servesOnlyTheDocumentsOfTheKeyItIsAskedFor() {
        EqualityIndex<Integer> index = new EqualityIndex<>("i", List.of(new IndexKey("mailboxId", true),
                new IndexKey("uid", true)));
        for (int i = 0; i < 100; i++) {
            index.add(new de.bwaldvogel.mongo.bson.Document("_id", "d" + i).append("mailboxId", "m" + (i % 10))
                    .append("uid", i / 10), i, null);
        }
        de.bwaldvogel.mongo.bson.Document query = new de.bwaldvogel.mongo.bson.Document("mailboxId", "m3")
                .append("uid", new de.bwaldvogel.mongo.bson.Document("$gt", 2));
        assertThat(index.canHandle(query)).isTrue();
        assertThat(index.getPositions(query)).containsExactly(33, 43, 53, 63, 73, 83, 93); // uid above 2
        de.bwaldvogel.mongo.bson.Document mailbox = new de.bwaldvogel.mongo.bson.Document("mailboxId", "m3");
        assertThat(index.getPositions(mailbox)).containsExactly(3, 13, 23, 33, 43, 53, 63, 73, 83, 93);
        assertThat(index.canHandle(new de.bwaldvogel.mongo.bson.Document("uid", 3))).isFalse();
        de.bwaldvogel.mongo.bson.Document and = new de.bwaldvogel.mongo.bson.Document("$and", List.of(
                new de.bwaldvogel.mongo.bson.Document("uid", 3), new de.bwaldvogel.mongo.bson.Document("mailboxId", "m3")));
        assertThat(index.getPositions(and)).containsExactly(33);
        assertThat(index.getPositions(new de.bwaldvogel.mongo.bson.Document("mailboxId", "m3").append("uid", 3L)))
                .containsExactly(33);
        assertThat(index.remove(new de.bwaldvogel.mongo.bson.Document("_id", "d13").append("mailboxId", "m3")))
                .isEqualTo(13);
        assertThat(index.getPositions(mailbox)).hasSize(9).doesNotContain(13);
        assertThat(index.getPositions(new de.bwaldvogel.mongo.bson.Document("mailboxId", "m3").append("uid", 1)))
                .isEmpty();
    }

    @Test
    void tellsTheExactMatchesOfOneStringEqualityOnlyWhileEveryDocumentHasAKey() {
        EqualityIndex<Integer> index = new EqualityIndex<>("i", List.of(new IndexKey("mailboxId", true),
                new IndexKey("uid", true)));
        for (int i = 1; i <= 6; i++) {
            index.add(new de.bwaldvogel.mongo.bson.Document("_id", "d" + i).append("mailboxId", "m" + (i % 2))
                    .append("uid", i), i, null);
        }
        assertThat(index.exactPositions(query("mailboxId", "m1"))).containsExactly(1, 3, 5);
        assertThat(index.exactPositions(query("mailboxId", query("$eq", "m0")))).containsExactly(2, 4, 6);
        assertThat(index.exactPositions(query("mailboxId", "none"))).isEmpty();
        assertThat(index.exactPositions(query("mailboxId", "m1").append("uid", 3))).isNull(); // the matcher's
        assertThat(index.exactPositions(query("mailboxId", 1))).isNull(); // numbers share keys
        assertThat(index.exactPositions(query("uid", 1))).isNull();

        index.add(new de.bwaldvogel.mongo.bson.Document("_id", "arr").append("mailboxId", List.of("m1")), 7, null);
        assertThat(index.exactPositions(query("mailboxId", "m1"))).isNull();
        index.remove(new de.bwaldvogel.mongo.bson.Document("_id", "arr"));
        assertThat(index.exactPositions(query("mailboxId", "m1"))).containsExactly(1, 3, 5);
    }

    private static de.bwaldvogel.mongo.bson.Document query(String field, Object value) {
        return new de.bwaldvogel.mongo.bson.Document(field, value);
    }

    @Test
    void theIndexIsRebuiltWhenAPersistentStoreOpensAgain(@TempDir Path dir) {
        String file = dir.resolve("store.mv").toString();
        withCollection(IndexedBackends.h2(file), c -> {
            c.createIndex(Indexes.ascending("mailboxId", "uid"));
            for (int i = 1; i <= 20; i++) {
                c.insertOne(new Document("_id", "d" + i).append("mailboxId", "m" + (i % 2)).append("uid", i));
            }
        });
        withCollection(IndexedBackends.h2(file), c -> {
            List<Integer> uids = new ArrayList<>();
            c.find(Filters.eq("mailboxId", "m1")).sort(Sorts.ascending("uid")).forEach(d -> uids.add(d.getInteger("uid")));
            assertThat(uids).containsExactly(1, 3, 5, 7, 9, 11, 13, 15, 17, 19);
            c.insertOne(new Document("_id", "d21").append("mailboxId", "m1").append("uid", 21));
            assertThat(c.countDocuments(Filters.eq("mailboxId", "m1"))).isEqualTo(11);
        });
    }

    private static void assertSameAnswers(MongoCollection<Document> indexed, MongoCollection<Document> plain) {
        for (Bson q : QUERIES) {
            assertThat(ids(indexed, q)).as(q.toString()).isEqualTo(ids(plain, q));
        }
    }

    private static List<Object> ids(MongoCollection<Document> c, Bson query) {
        List<Object> out = new ArrayList<>();
        c.find(query).sort(Sorts.ascending("_id")).forEach(d -> out.add(d.get("_id")));
        return out;
    }

    private static void withCollection(MongoBackend backend, java.util.function.Consumer<MongoCollection<Document>> body) {
        MongoServer server = new MongoServer(new SerializedBackend(backend));
        try (MongoClient client = MongoClients.create(server.bindAndGetConnectionString())) {
            body.accept(client.getDatabase("t").getCollection("c"));
        } finally {
            server.shutdownNow();
        }
    }
}
