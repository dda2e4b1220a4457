package io.mailstream.mongowire;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoException;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code find} on the indexed collections (which match through the index and leave fields out by
 * themselves) answers as mongo-java-server's own memory backend does: the same documents, fields
 * and field order, in the same order, for every projection, through cursors of several batches.
 */
class ProjectionTest {

    private static final List<Bson> FILTERS = List.of(
            Filters.eq("mailboxId", "inbox"), // exactly the index's key: no matcher
            Filters.and(Filters.eq("mailboxId", "inbox"), Filters.gt("uid", 3)),
            Filters.eq("owner", "bob"), // no index: a scan
            Filters.eq("mailboxId", "nope"));

    private static final List<Bson> PROJECTIONS = List.of(
            Projections.exclude("summary.text"),
            new Document("summary.text", false),
            Projections.exclude("summary.text", "flags", "summary.env.to"),
            Projections.fields(Projections.exclude("summary.text"), Projections.excludeId()),
            Projections.exclude("uid.x", "nope.x", "summary.env.subject.x"), // through a scalar, a missing field
            Projections.exclude("summary.body.parts.size"), // through an array: the library's projection
            Projections.exclude("summary", "summary.text"), // a collision: an error
            Projections.include("uid", "summary.text"),
            Projections.include("uid"),
            Projections.fields(Projections.include("summary.env"), Projections.excludeId()),
            Projections.slice("flags", 1));

    @Test
    void everyProjectionAnswersAsTheLibrarysOwn(@TempDir Path dir) {
        List<String> expected = answers(new MemoryBackend());
        assertThat(expected).anyMatch(a -> a.endsWith(": error 31249"))
                .anyMatch(a -> a.contains("\"env\"") && !a.contains("\"headers\""));
        assertThat(answers(IndexedBackends.memory())).containsExactlyElementsOf(expected);
        assertThat(answers(IndexedBackends.h2(dir.resolve("s.mv").toString()))).containsExactlyElementsOf(expected);
    }

    private static List<String> answers(MongoBackend backend) {
        List<String> out = new ArrayList<>();
        MongoServer server = new MongoServer(new SerializedBackend(backend));
        try (MongoClient client = MongoClients.create(server.bindAndGetConnectionString())) {
            MongoCollection<Document> c = client.getDatabase("t").getCollection("messages");
            c.createIndex(Indexes.ascending("mailboxId", "uid"));
            for (int uid = 1; uid <= 7; uid++) {
                c.insertOne(message("m" + uid, "inbox", uid));
                c.insertOne(message("o" + uid, "other", uid));
            }
            for (Bson filter : FILTERS) {
                for (Bson projection : PROJECTIONS) {
                    String what = filter + " " + projection;
                    out.add(what + " by uid: " + run(c, filter, f -> f.projection(projection).sort(Sorts.ascending("uid"))
                            .batchSize(3)));
                    out.add(what + " by uid down, 2..5: " + run(c, filter, f -> f.projection(projection)
                            .sort(Sorts.descending("uid")).skip(2).limit(3)));
                }
            }
        } finally {
            server.shutdownNow();
        }
        return out;
    }

    private static String run(MongoCollection<Document> c, Bson filter,
            Function<FindIterable<Document>, FindIterable<Document>> options) {
        try {
            List<String> docs = new ArrayList<>();
            options.apply(c.find(filter)).forEach(d -> docs.add(d.toJson()));
            return String.join("\n", docs);
        } catch (MongoException e) {
            return "error " + e.getCode();
        }
    }

    private static Document message(String id, String mailboxId, int uid) {
        Document env = new Document("subject", "s" + uid).append("to", List.of(new Document("mailbox", "bob")))
                .append("from", List.of(new Document("mailbox", "alice")));
        Document body = new Document("type", "multipart").append("parts", List.of(
                new Document("type", "text").append("size", 10 * uid), new Document("type", "html").append("size", 20)));
        Document text = new Document("headers", List.of("s" + uid)).append("body", List.of("words " + uid));
        return new Document("_id", id).append("mailboxId", mailboxId).append("uid", uid).append("owner", "bob")
                .append("flags", List.of("\\Seen", "f" + uid))
                .append("summary", new Document("env", env).append("body", body).append("v", 1).append("text", text));
    }
}
