package io.mailstream.mongowire;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;

import de.bwaldvogel.mongo.MongoServer;

import java.nio.file.Path;
import java.util.List;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The count command on the H2 backend: answered from an equality index where it can be, always exact. */
class IndexCountTest {

    @Test
    void countsAsTheMatcherDoesWhetherTheIndexAnswersOrNot(@TempDir Path dir) {
        String file = dir.resolve("s.mv").toString();
        withDatabase(file, db -> {
            MongoCollection<Document> c = db.getCollection("messages");
            c.createIndex(Indexes.ascending("mailboxId", "uid"));
            for (int i = 0; i < 60; i++) {
                c.insertOne(new Document("_id", "m" + i).append("mailboxId", "box" + (i % 3)).append("uid", i));
            }
            c.deleteMany(Filters.and(Filters.eq("mailboxId", "box1"), Filters.lt("uid", 30)));
            c.updateOne(Filters.eq("_id", "m2"), new Document("$set", new Document("mailboxId", "box0")));

            assertCounts(db, c, List.of(new Document("mailboxId", "box0"), new Document("mailboxId", "box1"),
                    new Document("mailboxId", "box2"), new Document("mailboxId", "nope"),
                    new Document("mailboxId", new Document("$eq", "box0")),
                    new Document("mailboxId", "box0").append("uid", new Document("$gt", 40)), new Document()));
            assertThat(count(db, new Document("mailboxId", "box0"))).isEqualTo(21);
        });
        withDatabase(file, db -> { // the index is rebuilt when the store opens again
            MongoCollection<Document> c = db.getCollection("messages");
            assertThat(count(db, new Document("mailboxId", "box1"))).isEqualTo(10);
            // a document whose key the index cannot hold: counted by the matcher from now on
            c.insertOne(new Document("_id", "arr").append("mailboxId", List.of("box1", "box2")).append("uid", 1));
            c.insertOne(new Document("_id", "none").append("uid", 2));
            assertCounts(db, c, List.of(new Document("mailboxId", "box1"), new Document("mailboxId", "box2"),
                    new Document("mailboxId", 7)));
            assertThat(count(db, new Document("mailboxId", "box1"))).isEqualTo(11);
        });
    }

    private static void assertCounts(MongoDatabase db, MongoCollection<Document> c, List<Document> queries) {
        for (Document q : queries) {
            Bson filter = q;
            assertThat(count(db, q)).as(q.toJson()).isEqualTo(c.find(filter).into(new java.util.ArrayList<>()).size());
        }
    }

    private static long count(MongoDatabase db, Document query) {
        return ((Number) db.runCommand(new Document("count", "messages").append("query", query)).get("n")).longValue();
    }

    private static void withDatabase(String file, java.util.function.Consumer<MongoDatabase> body) {
        MongoServer server = new MongoServer(new SerializedBackend(IndexedBackends.h2(file)));
        try (MongoClient client = MongoClients.create(server.bindAndGetConnectionString())) {
            body.accept(client.getDatabase("t"));
        } finally {
            server.shutdownNow();
        }
    }
}
