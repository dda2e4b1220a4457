package io.mailstream.mongowire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

import java.nio.file.Path;
import java.util.function.Consumer;

import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashUniqueIndexTest {

    @Test
    void rejectsDuplicatesOfIdAndOfAUniqueCompoundKeyAndFreesKeysOnDeleteAndUpdate(@TempDir Path dir) {
        withCollection(IndexedBackends.h2(dir.resolve("s.mv").toString()), c -> {
            c.createIndex(Indexes.ascending("owner", "name"), new IndexOptions().unique(true));
            c.insertOne(new Document("_id", "a").append("owner", "u1").append("name", "INBOX"));
            c.insertOne(new Document("_id", "b").append("owner", "u2").append("name", "INBOX"));

            assertDuplicate(() -> c.insertOne(new Document("_id", "a").append("owner", "u3").append("name", "x")));
            assertDuplicate(() -> c.insertOne(new Document("_id", "c").append("owner", "u1").append("name", "INBOX")));
            assertDuplicate(() -> c.updateOne(Filters.eq("_id", "b"), Updates.set("owner", "u1")));

            c.deleteOne(Filters.eq("_id", "a"));
            c.insertOne(new Document("_id", "a").append("owner", "u1").append("name", "INBOX"));
            c.updateOne(Filters.eq("_id", "b"), Updates.set("name", "Sent"));
            c.insertOne(new Document("_id", "d").append("owner", "u2").append("name", "INBOX"));

            // an upsert on _id finds the document through the index instead of adding a second one
            c.replaceOne(Filters.eq("_id", "d"), new Document("owner", "u2").append("name", "Drafts"),
                    new ReplaceOptions().upsert(true));
            assertThat(c.countDocuments()).isEqualTo(3);
            assertThat(c.find(Filters.eq("_id", "d")).first().getString("name")).isEqualTo("Drafts");
        });
    }

    @Test
    void numericKeysOfDifferentTypesAreOneKeyAsInMongoDb(@TempDir Path dir) {
        withCollection(IndexedBackends.h2(dir.resolve("s.mv").toString()), c -> {
            c.insertOne(new Document("_id", 7));
            assertDuplicate(() -> c.insertOne(new Document("_id", 7L)));
            assertDuplicate(() -> c.insertOne(new Document("_id", 7.0)));
            assertThat(c.find(Filters.eq("_id", 7L)).first()).isNotNull();
        });
    }

    @Test
    void aFileWrittenWithH2sOwnUniqueIndexesOpensWithTheIndexesRebuiltAndTheirOldMapsDropped(@TempDir Path dir) {
        String file = dir.resolve("old.mv").toString();
        withCollection(new H2Backend(file), c -> { // the layout of earlier versions
            c.createIndex(Indexes.ascending("owner", "name"), new IndexOptions().unique(true));
            for (int i = 0; i < 50; i++) {
                c.insertOne(new Document("_id", "m" + i).append("owner", "u" + (i % 5)).append("name", "box" + i));
            }
        });
        withStore(file, store -> assertThat(store.getMapNames()).anyMatch(m -> m.contains("._index_")));

        withCollection(IndexedBackends.h2(file), c -> {
            assertThat(c.find(Filters.eq("_id", "m42")).first().getString("name")).isEqualTo("box42");
            assertDuplicate(() -> c.insertOne(new Document("_id", "m3")));
            assertDuplicate(() -> c.insertOne(new Document("_id", "new").append("owner", "u2").append("name", "box7")));
            c.insertOne(new Document("_id", "m50").append("owner", "u0").append("name", "box50"));
        });
        withStore(file, store -> assertThat(store.getMapNames()).noneMatch(m -> m.contains("._index_")));

        withCollection(IndexedBackends.h2(file), c -> { // and again, from the new layout
            assertThat(c.countDocuments()).isEqualTo(51);
            assertDuplicate(() -> c.insertOne(new Document("_id", "m50")));
            assertThat(c.listIndexes().into(new java.util.ArrayList<>())).hasSize(2);
        });
    }

    private static void assertDuplicate(Runnable write) {
        assertThatThrownBy(write::run).isInstanceOfSatisfying(MongoWriteException.class,
                e -> assertThat(ErrorCategory.fromErrorCode(e.getCode())).isEqualTo(ErrorCategory.DUPLICATE_KEY));
    }

    private static void withStore(String file, Consumer<MVStore> body) {
        MVStore store = MVStore.open(file);
        try {
            body.accept(store);
        } finally {
            store.close();
        }
    }

    private static void withCollection(MongoBackend backend, Consumer<MongoCollection<Document>> body) {
        MongoServer server = new MongoServer(new SerializedBackend(backend));
        try (MongoClient client = MongoClients.create(server.bindAndGetConnectionString())) {
            body.accept(client.getDatabase("t").getCollection("c"));
        } finally {
            server.shutdownNow();
        }
    }
}
