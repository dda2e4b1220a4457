package io.mailstream.mailbox.access;

import io.mailstream.store.BlobStore;

import com.mongodb.client.MongoDatabase;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The blob store as mailbox-api reads it: message bodies read lately stay in memory, up to
 * {@code mailstream.mailbox.blob-cache-mb} (default 32; 0 turns it off), least recently read
 * dropped first, none larger than {@link #LARGEST_CACHED}. It plays the part the kernel's page
 * cache plays for Dovecot's mail files: a body read again (POP3 clients that keep mail on the
 * server, IMAP clients fetching what another session fetched) costs no store query and no
 * decoding. A blob's id is the SHA-256 of its bytes, so what is held is never stale. The arrays
 * are shared between readers, which only read them.
 */
@Alternative
@Priority(1)
@Singleton
public class CachedBlobStore extends BlobStore {

    /** A body larger than this is not kept: one would push out hundreds of ordinary messages. */
    static final int LARGEST_CACHED = 1024 * 1024;

    private final long maxBytes;
    private final LinkedHashMap<String, byte[]> held = new LinkedHashMap<>(256, 0.75f, true);
    private long heldBytes;
    private long hits;
    private long misses;

    @Inject
    public CachedBlobStore(MongoDatabase db,
            @ConfigProperty(name = "mailstream.mailbox.blob-cache-mb", defaultValue = "32") int megabytes) {
        super(db);
        this.maxBytes = Math.max(0, megabytes) * 1024L * 1024L;
    }

    private CachedBlobStore(MongoDatabase db, long maxBytes) {
        super(db);
        this.maxBytes = Math.max(0, maxBytes);
    }

    /** A cache of at most {@code maxBytes} (0: every read goes to the store). */
    static CachedBlobStore holding(MongoDatabase db, long maxBytes) {
        return new CachedBlobStore(db, maxBytes);
    }

    @Override
    public Optional<byte[]> get(String id) {
        byte[] raw = cached(id);
        if (raw != null) {
            return Optional.of(raw);
        }
        Optional<byte[]> read = super.get(id);
        read.ifPresent(bytes -> keep(id, bytes));
        return read;
    }

    @Override
    public Map<String, byte[]> getAll(Collection<String> ids) {
        Map<String, byte[]> found = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (String id : ids) {
            byte[] raw = cached(id);
            if (raw != null) {
                found.put(id, raw);
            } else {
                missing.add(id);
            }
        }
        if (!missing.isEmpty()) {
            Map<String, byte[]> read = super.getAll(missing);
            read.forEach(this::keep);
            found.putAll(read);
        }
        return found;
    }

    /** Bytes held now. */
    public synchronized long heldBytes() {
        return heldBytes;
    }

    /** Bodies served from memory so far. */
    public synchronized long hits() {
        return hits;
    }

    /** Bodies read from the store so far. */
    public synchronized long misses() {
        return misses;
    }

    private synchronized byte[] cached(String id) {
        byte[] raw = maxBytes == 0 ? null : held.get(id);
        if (raw != null) {
            hits++;
        } else {
            misses++;
        }
        return raw;
    }

    private synchronized void keep(String id, byte[] raw) {
        if (maxBytes == 0 || raw.length > LARGEST_CACHED || raw.length > maxBytes || held.containsKey(id)) {
            return;
        }
        held.put(id, raw);
        heldBytes += raw.length;
        for (Iterator<byte[]> oldest = held.values().iterator(); heldBytes > maxBytes && oldest.hasNext();) {
            heldBytes -= oldest.next().length;
            oldest.remove();
        }
    }
}
