package io.mailstream.store;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Date;
import java.util.HexFormat;
import java.util.Optional;

import org.bson.Document;
import org.bson.types.Binary;

/**
 * Raw RFC 5322 messages, content-addressed by SHA-256. A blob is written as numbered chunk
 * documents first and its header document last, so a blob is visible only once all its bytes are
 * stored; a crash in between leaves unreferenced chunks, never a truncated message. Storing the
 * same bytes twice is a no-op.
 */
@Singleton
public class BlobStore {

    /** Well below MongoDB's 16 MB document limit, large enough to keep round trips few. */
    static final int CHUNK_SIZE = 255 * 1024;

    private final MongoCollection<Document> blobs;
    private final MongoCollection<Document> chunks;

    @Inject
    public BlobStore(MongoDatabase db) {
        this.blobs = db.getCollection("blobs");
        this.chunks = db.getCollection("blob_chunks");
    }

    /** Stores the bytes durably and returns their id (lower-case hex SHA-256). */
    public String put(byte[] raw) {
        String id = sha256(raw);
        try {
            if (blobs.find(Filters.eq("_id", id)).first() != null) {
                return id;
            }
            int count = 0;
            for (int off = 0; off < raw.length || count == 0; off += CHUNK_SIZE) {
                int len = Math.min(CHUNK_SIZE, raw.length - off);
                byte[] part = new byte[len];
                System.arraycopy(raw, off, part, 0, len);
                chunks.replaceOne(Filters.eq("_id", chunkId(id, count)),
                        new Document("_id", chunkId(id, count)).append("blob", id).append("n", count)
                                .append("data", new Binary(part)),
                        new ReplaceOptions().upsert(true));
                count++;
            }
            blobs.replaceOne(Filters.eq("_id", id),
                    new Document("_id", id).append("size", (long) raw.length).append("chunks", count)
                            .append("createdAt", new Date()),
                    new ReplaceOptions().upsert(true));
            return id;
        } catch (MongoException e) {
            throw new StoreException("blob store write failed", e);
        }
    }

    /** The bytes of a blob, or empty if no complete blob has that id. */
    public Optional<byte[]> get(String id) {
        try {
            Document header = blobs.find(Filters.eq("_id", id)).first();
            if (header == null) {
                return Optional.empty();
            }
            long size = ((Number) header.get("size")).longValue();
            int count = header.getInteger("chunks");
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) size);
            for (int n = 0; n < count; n++) {
                Document chunk = chunks.find(Filters.eq("_id", chunkId(id, n))).first();
                if (chunk == null) {
                    throw new StoreException("blob " + id + " is missing chunk " + n);
                }
                out.writeBytes(chunk.get("data", Binary.class).getData());
            }
            if (out.size() != size) {
                throw new StoreException("blob " + id + " has " + out.size() + " bytes, expected " + size);
            }
            return Optional.of(out.toByteArray());
        } catch (MongoException e) {
            throw new StoreException("blob store read failed", e);
        }
    }

    public boolean exists(String id) {
        return blobs.find(Filters.eq("_id", id)).first() != null;
    }

    private static String chunkId(String id, int n) {
        return id + ":" + n;
    }

    public static String sha256(byte[] raw) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
