package io.mailstream.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;

import de.bwaldvogel.mongo.MongoServer;

import io.mailstream.mongowire.IndexedBackends;
import io.mailstream.mongowire.SerializedBackend;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Both blob layouts over real TCP to the Mongo-wire store, counting the commands each call sends. */
class BlobStoreTest {

    static MongoServer server;
    static MongoClient client;
    static final List<String> commands = Collections.synchronizedList(new ArrayList<>());

    MongoDatabase db;
    BlobStore blobs;

    @BeforeAll
    static void start() {
        server = new MongoServer(new SerializedBackend(IndexedBackends.memory()));
        InetSocketAddress addr = server.bind();
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + addr.getPort()))
                .addCommandListener(new CommandListener() {
                    @Override
                    public void commandStarted(CommandStartedEvent event) {
                        commands.add(event.getCommandName());
                    }
                }).build());
    }

    @AfterAll
    static void stop() {
        client.close();
        server.shutdownNow();
    }

    @BeforeEach
    void freshDatabase() {
        db = StoreDatabase.open(client, "b" + System.nanoTime());
        blobs = new BlobStore(db);
        commands.clear();
    }

    @Test
    void aSmallBlobIsOneDocumentWrittenAndReadInOneRoundTrip() {
        byte[] raw = message(4096, 1);

        String id = blobs.put(raw);
        assertThat(commands).containsExactly("update");
        commands.clear();
        assertThat(blobs.get(id)).hasValueSatisfying(b -> assertThat(b).isEqualTo(raw));
        assertThat(commands).containsExactly("find");

        assertThat(id).isEqualTo(BlobStore.sha256(raw));
        Document stored = db.getCollection("blobs").find(Filters.eq("_id", id)).first();
        assertThat(stored.get("data", Binary.class).getData()).isEqualTo(raw);
        assertThat(stored.getLong("size")).isEqualTo(4096);
        assertThat(stored.get("createdAt")).isInstanceOf(Date.class);
        assertThat(db.getCollection("blob_chunks").countDocuments()).isZero();
    }

    @Test
    void aBlobOfExactlyOneChunkIsInlineAndOneByteMoreIsChunked() {
        byte[] fits = message(BlobStore.CHUNK_SIZE, 2);
        byte[] over = message(BlobStore.CHUNK_SIZE + 1, 3);

        String fitsId = blobs.put(fits);
        String overId = blobs.put(over);

        assertThat(db.getCollection("blobs").find(Filters.eq("_id", fitsId)).first()).containsKey("data");
        Document header = db.getCollection("blobs").find(Filters.eq("_id", overId)).first();
        assertThat(header).doesNotContainKey("data").containsEntry("chunks", 2);
        assertThat(db.getCollection("blob_chunks").countDocuments()).isEqualTo(2);
        assertThat(blobs.get(fitsId)).hasValueSatisfying(b -> assertThat(b).isEqualTo(fits));
        assertThat(blobs.get(overId)).hasValueSatisfying(b -> assertThat(b).isEqualTo(over));
    }

    @Test
    void aLargeBlobIsChunkedAndReadWithTwoQueries() {
        byte[] raw = message(BlobStore.CHUNK_SIZE * 3 + 17, 4);

        String id = blobs.put(raw);
        commands.clear();

        assertThat(blobs.get(id)).hasValueSatisfying(b -> assertThat(b).isEqualTo(raw));
        assertThat(commands).containsExactly("find", "find");
        assertThat(db.getCollection("blob_chunks").countDocuments()).isEqualTo(4);
    }

    @Test
    void storingTheSameBytesAgainChangesNothing() {
        byte[] small = message(3000, 5);
        byte[] large = message(BlobStore.CHUNK_SIZE * 2, 6);
        String smallId = blobs.put(small);
        String largeId = blobs.put(large);
        Document smallBefore = db.getCollection("blobs").find(Filters.eq("_id", smallId)).first();
        Document largeBefore = db.getCollection("blobs").find(Filters.eq("_id", largeId)).first();
        commands.clear();

        assertThat(blobs.put(small)).isEqualTo(smallId);
        assertThat(commands).containsExactly("update");
        commands.clear();
        assertThat(blobs.put(large)).isEqualTo(largeId);
        assertThat(commands).containsExactly("find");

        assertThat(db.getCollection("blobs").countDocuments()).isEqualTo(2);
        assertThat(db.getCollection("blobs").find(Filters.eq("_id", smallId)).first()).isEqualTo(smallBefore);
        assertThat(db.getCollection("blobs").find(Filters.eq("_id", largeId)).first()).isEqualTo(largeBefore);
        assertThat(db.getCollection("blob_chunks").countDocuments()).isEqualTo(2);
    }

    @Test
    void writersStoringTheSameSmallBlobAtOnceAllGetItsIdAndOneDocumentIsStored() throws Exception {
        byte[] raw = message(4096, 30);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> ids = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                ids.add(pool.submit(() -> blobs.put(raw)));
            }
            for (Future<String> id : ids) {
                assertThat(id.get()).isEqualTo(BlobStore.sha256(raw));
            }
        } finally {
            pool.shutdown();
        }
        assertThat(db.getCollection("blobs").countDocuments()).isEqualTo(1);
        assertThat(blobs.get(BlobStore.sha256(raw))).hasValueSatisfying(b -> assertThat(b).isEqualTo(raw));
    }

    @Test
    void smallBlobsWrittenByEarlierVersionsAsChunksStayReadableAndAreNotRewritten() {
        byte[] raw = "Subject: old\r\n\r\nstored in 2025\r\n".getBytes(StandardCharsets.US_ASCII);
        String id = legacyPut(raw);

        assertThat(blobs.get(id)).hasValueSatisfying(b -> assertThat(b).isEqualTo(raw));
        assertThat(blobs.put(raw)).isEqualTo(id);

        Document header = db.getCollection("blobs").find(Filters.eq("_id", id)).first();
        assertThat(header).doesNotContainKey("data").containsEntry("chunks", 1);
        assertThat(blobs.get(id)).hasValueSatisfying(b -> assertThat(b).isEqualTo(raw));
        assertThat(blobs.exists(id)).isTrue();
    }

    @Test
    void missingAndEmptyBlobs() {
        assertThat(blobs.get(BlobStore.sha256(new byte[] {1}))).isEmpty();
        assertThat(blobs.exists(BlobStore.sha256(new byte[] {1}))).isFalse();
        String empty = blobs.put(new byte[0]);
        assertThat(blobs.get(empty)).hasValueSatisfying(b -> assertThat(b).isEmpty());
        assertThat(blobs.exists(empty)).isTrue();
    }

    @Test
    void chunksWithoutTheirHeaderAreNotABlob() {
        byte[] raw = message(BlobStore.CHUNK_SIZE + 10, 7);
        String id = blobs.put(raw);
        db.getCollection("blobs").deleteOne(Filters.eq("_id", id));

        assertThat(blobs.get(id)).isEmpty();
        assertThat(blobs.getAll(List.of(id))).isEmpty();
    }

    @Test
    void aDamagedBlobIsAStoreFailureNotWrongBytes() {
        String truncated = blobs.put(message(1000, 8));
        db.getCollection("blobs").updateOne(Filters.eq("_id", truncated), Updates.set("size", 1001L));
        String large = blobs.put(message(BlobStore.CHUNK_SIZE * 2 + 1, 9));
        db.getCollection("blob_chunks").deleteOne(Filters.eq("_id", large + ":1"));

        assertThatThrownBy(() -> blobs.get(truncated)).isInstanceOf(StoreException.class).hasMessageContaining("1001");
        assertThatThrownBy(() -> blobs.get(large)).isInstanceOf(StoreException.class)
                .hasMessageContaining("missing chunk 1");
        assertThatThrownBy(() -> blobs.getAll(List.of(large))).isInstanceOf(StoreException.class);
    }

    @Test
    void getAllReadsInlineBlobsInOneQueryAndSkipsMissingOnes() {
        List<byte[]> small = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            small.add(message(2000 + i * 100, 10 + i));
            ids.add(blobs.put(small.get(i)));
        }
        String missing = BlobStore.sha256("never stored".getBytes(StandardCharsets.US_ASCII));
        List<String> asked = new ArrayList<>(ids);
        asked.add(missing);
        asked.add(ids.get(0));
        commands.clear();

        Map<String, byte[]> found = blobs.getAll(asked);

        assertThat(commands).containsExactly("find");
        assertThat(found).hasSize(20).doesNotContainKey(missing);
        for (int i = 0; i < 20; i++) {
            assertThat(found.get(ids.get(i))).isEqualTo(small.get(i));
        }
        commands.clear();
        assertThat(blobs.getAll(List.of())).isEmpty();
        assertThat(commands).isEmpty();
    }

    @Test
    void getAllReadsEveryLayoutAtOnce() {
        byte[] inline = message(4096, 40);
        byte[] legacy = "Subject: legacy\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] large = message(BlobStore.CHUNK_SIZE * 2 + 5, 41);
        byte[] otherLarge = message(BlobStore.CHUNK_SIZE + 5, 42);
        String inlineId = blobs.put(inline);
        String legacyId = legacyPut(legacy);
        String largeId = blobs.put(large);
        String otherLargeId = blobs.put(otherLarge);
        String missing = BlobStore.sha256(new byte[] {9});
        commands.clear();

        Map<String, byte[]> found = blobs.getAll(List.of(inlineId, legacyId, missing, largeId, otherLargeId));

        assertThat(commands).containsExactly("find", "find");
        assertThat(found).containsOnlyKeys(inlineId, legacyId, largeId, otherLargeId);
        assertThat(found.get(inlineId)).isEqualTo(inline);
        assertThat(found.get(legacyId)).isEqualTo(legacy);
        assertThat(found.get(largeId)).isEqualTo(large);
        assertThat(found.get(otherLargeId)).isEqualTo(otherLarge);
    }

    /** What versions before the inline layout wrote for every blob: chunks, then a header. */
    private String legacyPut(byte[] raw) {
        String id = BlobStore.sha256(raw);
        db.getCollection("blob_chunks").insertOne(new Document("_id", id + ":0").append("blob", id).append("n", 0)
                .append("data", new Binary(raw)));
        db.getCollection("blobs").insertOne(new Document("_id", id).append("size", (long) raw.length)
                .append("chunks", 1).append("createdAt", new Date()));
        return id;
    }

    private static byte[] message(int size, long seed) {
        byte[] raw = new byte[size];
        new Random(seed).nextBytes(raw);
        return raw;
    }
}
