package io.mailstream.mongowire;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

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
}
