package io.mailstream.mailbox.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;

import io.mailstream.mailbox.TestDatabases;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Removing a blob's document behind the cache's back shows whether a read came from memory. */
class CachedBlobStoreTest {

    private final MongoDatabase db = TestDatabases.fresh("blobcache");

    @Test
    void aBodyReadOnceIsServedFromMemory() {
        CachedBlobStore blobs = CachedBlobStore.holding(db, 1024 * 1024);
        String id = blobs.put(bytes("Subject: one\r\n\r\nbody\r\n"));
        assertThat(blobs.get(id)).hasValue(bytes("Subject: one\r\n\r\nbody\r\n"));
        removeFromStore(id);
        assertThat(blobs.get(id)).hasValue(bytes("Subject: one\r\n\r\nbody\r\n"));
        assertThat(blobs.getAll(List.of(id))).containsOnlyKeys(id);
    }

    @Test
    void getAllReadsOnlyWhatIsNotHeldAndKeepsIt() {
        CachedBlobStore blobs = CachedBlobStore.holding(db, 1024 * 1024);
        String a = blobs.put(bytes("a\r\n"));
        String b = blobs.put(bytes("b\r\n"));
        String c = blobs.put(bytes("c\r\n"));
        blobs.get(a);
        removeFromStore(a);
        Map<String, byte[]> found = blobs.getAll(List.of(a, b, c, "0".repeat(64)));
        assertThat(found).containsOnlyKeys(a, b, c);
        assertThat(found.get(b)).isEqualTo(bytes("b\r\n"));
        removeFromStore(b);
        removeFromStore(c);
        assertThat(blobs.getAll(List.of(b, c))).containsOnlyKeys(b, c);
    }

    @Test
    void theLeastRecentlyReadGoFirstWhenTheBoundIsReached() {
        CachedBlobStore blobs = CachedBlobStore.holding(db, 250);
        String first = blobs.put(bytes("1".repeat(100)));
        String second = blobs.put(bytes("2".repeat(100)));
        String third = blobs.put(bytes("3".repeat(100)));
        blobs.get(first);
        blobs.get(second);
        blobs.get(first); // now second is the least recently read
        blobs.get(third);
        assertThat(blobs.heldBytes()).isEqualTo(200);
        removeFromStore(first);
        removeFromStore(second);
        removeFromStore(third);
        assertThat(blobs.get(first)).isPresent();
        assertThat(blobs.get(third)).isPresent();
        assertThat(blobs.get(second)).isEmpty();
    }

    @Test
    void largeBodiesAndAZeroBoundKeepNothing() {
        CachedBlobStore blobs = CachedBlobStore.holding(db, 8L * 1024 * 1024);
        String large = blobs.put(new byte[CachedBlobStore.LARGEST_CACHED + 1]);
        assertThat(blobs.get(large)).isPresent();
        assertThat(blobs.heldBytes()).isZero();

        CachedBlobStore off = CachedBlobStore.holding(db, 0);
        String small = off.put(bytes("small\r\n"));
        off.get(small);
        removeFromStore(small);
        assertThat(off.get(small)).isEmpty();
    }

    private void removeFromStore(String id) {
        db.getCollection("blobs").deleteOne(Filters.eq("_id", id));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
