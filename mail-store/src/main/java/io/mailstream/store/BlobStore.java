package io.mailstream.store;

import com.mongodb.MongoException;
import com.mongodb.ReadConcern;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bson.Document;
import org.bson.types.Binary;

/**
 * Raw RFC 5322 messages, content-addressed by SHA-256: the id names the bytes, so storing the
 * same bytes twice is a no-op and a stored blob never changes. Two layouts in the {@code blobs}
 * collection:
 * <ul>
 * <li><b>inline</b> (up to {@link #CHUNK_SIZE} bytes, nearly all mail): one document with the
 * size and the bytes, written by one upsert that inserts only if the id is new, and read by one
 * query. A document either exists whole or not at all.</li>
 * <li><b>chunked</b> (larger blobs, and blobs of any size written before the inline layout
 * existed): numbered chunk documents in {@code blob_chunks} first and the header document (size
 * and chunk count, no bytes) last, so a blob is visible only once all its bytes are stored; a
 * crash in between leaves unreferenced chunks, never a truncated message.</li>
 * </ul>
 * Every write is acknowledged per the database's write concern ({@link StoreDatabase}): when
 * {@link #put} returns, the blob is durable, whether this call wrote it or found it already there.
 * An inline upsert that matches an existing blob writes nothing, yet MongoDB still waits for the
 * write concern up to the latest operation it has applied, which includes the one that stored the
 * blob; a large blob counts as already there only when a majority read finds its header.
 */
@Singleton
public class BlobStore {

    /** Well below MongoDB's 16 MB document limit, large enough to keep round trips few. */
    static final int CHUNK_SIZE = 255 * 1024;

    private final MongoCollection<Document> blobs;
    private final MongoCollection<Document> chunks;
    /** Reads only what a majority has: a large blob found here is as durable as one just written. */
    private final MongoCollection<Document> durableHeader;

    @Inject
    public BlobStore(MongoDatabase db) {
        this.blobs = db.getCollection("blobs");
        this.durableHeader = blobs.withReadConcern(ReadConcern.MAJORITY);
        this.chunks = db.getCollection("blob_chunks");
    }

    /**
     * Stores the bytes durably and returns their id (lower-case hex SHA-256). One round trip for a
     * blob of at most {@link #CHUNK_SIZE} bytes; one per chunk plus one for larger blobs.
     */
    public String put(byte[] raw) {
        String id = sha256(raw);
        try {
            if (raw.length <= CHUNK_SIZE) {
                // $setOnInsert: an existing blob (either layout) has these very bytes and stays as it is.
                blobs.updateOne(Filters.eq("_id", id),
                        Updates.combine(Updates.setOnInsert("size", (long) raw.length),
                                Updates.setOnInsert("data", new Binary(raw)),
                                Updates.setOnInsert("createdAt", new Date())),
                        new UpdateOptions().upsert(true));
            } else if (durableHeader.find(Filters.eq("_id", id)).projection(Projections.include("_id"))
                    .first() == null) {
                putChunked(id, raw);
            }
            return id;
        } catch (MongoException e) {
            throw new StoreException("blob store write failed", e);
        }
    }

    private void putChunked(String id, byte[] raw) {
        int count = 0;
        for (int off = 0; off < raw.length; off += CHUNK_SIZE) {
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
    }

    /**
     * The bytes of a blob, or empty if no complete blob has that id. One round trip for an inline
     * blob, two for a chunked one (header, then all its chunks in one query).
     */
    public Optional<byte[]> get(String id) {
        try {
            Document header = blobs.find(Filters.eq("_id", id)).first();
            if (header == null) {
                return Optional.empty();
            }
            if (header.containsKey("data")) {
                return Optional.of(inline(header));
            }
            return Optional.of(assemble(header, readChunks(List.of(header))));
        } catch (MongoException e) {
            throw new StoreException("blob store read failed", e);
        }
    }

    /**
     * The bytes of several blobs by id; ids with no complete blob are absent from the result. One
     * query for all inline blobs, one more for all the chunks of the chunked ones. Everything is
     * held in memory at once: the caller bounds how many bytes it asks for.
     */
    public Map<String, byte[]> getAll(Collection<String> ids) {
        Map<String, byte[]> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        try {
            List<Document> chunked = new ArrayList<>();
            for (Document header : blobs.find(Filters.in("_id", new LinkedHashSet<>(ids)))) {
                if (header.containsKey("data")) {
                    found.put(header.getString("_id"), inline(header));
                } else {
                    chunked.add(header);
                }
            }
            if (!chunked.isEmpty()) {
                Map<String, Binary> parts = readChunks(chunked);
                for (Document header : chunked) {
                    found.put(header.getString("_id"), assemble(header, parts));
                }
            }
            return found;
        } catch (MongoException e) {
            throw new StoreException("blob store read failed", e);
        }
    }

    /** True when a complete blob has this id. Reads no bytes. */
    public boolean exists(String id) {
        try {
            return blobs.find(Filters.eq("_id", id)).projection(Projections.include("_id")).first() != null;
        } catch (MongoException e) {
            throw new StoreException("blob store read failed", e);
        }
    }

    private static byte[] inline(Document blob) {
        byte[] data = blob.get("data", Binary.class).getData();
        long size = ((Number) blob.get("size")).longValue();
        if (data.length != size) {
            throw new StoreException("blob " + blob.getString("_id") + " has " + data.length + " bytes, expected "
                    + size);
        }
        return data;
    }

    /** The chunks of the given chunked blobs, by chunk id, in one query. */
    private Map<String, Binary> readChunks(List<Document> headers) {
        List<String> wanted = new ArrayList<>();
        for (Document header : headers) {
            for (int n = 0; n < header.getInteger("chunks"); n++) {
                wanted.add(chunkId(header.getString("_id"), n));
            }
        }
        Map<String, Binary> parts = new HashMap<>();
        for (Document chunk : chunks.find(Filters.in("_id", wanted))) {
            parts.put(chunk.getString("_id"), chunk.get("data", Binary.class));
        }
        return parts;
    }

    private static byte[] assemble(Document header, Map<String, Binary> parts) {
        String id = header.getString("_id");
        long size = ((Number) header.get("size")).longValue();
        int count = header.getInteger("chunks");
        if (size > Integer.MAX_VALUE - 8) {
            throw new StoreException("blob " + id + " of " + size + " bytes is too large to read");
        }
        byte[] out = new byte[(int) size];
        int filled = 0;
        for (int n = 0; n < count; n++) {
            Binary part = parts.get(chunkId(id, n));
            if (part == null) {
                throw new StoreException("blob " + id + " is missing chunk " + n);
            }
            byte[] data = part.getData();
            if (filled + data.length > size) {
                throw new StoreException("blob " + id + " has more than the " + size + " bytes expected");
            }
            System.arraycopy(data, 0, out, filled, data.length);
            filled += data.length;
        }
        if (filled != size) {
            throw new StoreException("blob " + id + " has " + filled + " bytes, expected " + size);
        }
        return out;
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
