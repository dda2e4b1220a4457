package io.mailstream.mongowire;

import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A unique index (also {@code _id}'s) for the H2 backend, kept in a hash map and rebuilt from the
 * documents when the store opens, as {@link EqualityIndex} is. H2's own unique index keeps its keys
 * in an MVMap whose key type has no order of its own, so every comparison in a lookup
 * Java-serialised both keys: about a quarter of the store's CPU time per delivered message. Keys
 * match as in mongo-java-server's memory backend ({@link KeyValue#equals} of normalised values).
 */
final class HashUniqueIndex<P> extends AbstractUniqueIndex<P> {

    private final Map<KeyValue, P> positions = new ConcurrentHashMap<>();

    HashUniqueIndex(String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
    }

    @Override
    protected P removeDocument(KeyValue key) {
        return positions.remove(key);
    }

    @Override
    protected boolean putKeyPosition(KeyValue key, P position) {
        return positions.putIfAbsent(key, position) == null;
    }

    @Override
    protected Iterable<Map.Entry<KeyValue, P>> getIterable() {
        return positions.entrySet();
    }

    @Override
    protected P getPosition(KeyValue key) {
        return positions.get(key);
    }

    @Override
    public long getCount() {
        return positions.size();
    }

    @Override
    public boolean isEmpty() {
        return positions.isEmpty();
    }

    @Override
    public long getDataSize() {
        return getCount(); // as the memory backend reports it: entries, not bytes
    }
}
