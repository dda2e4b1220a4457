package io.mailstream.mongowire;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 (file) and memory backends with {@link EqualityIndex} for the non-unique
 * indexes the services create, so that the embedded store answers {@code find} by mailbox, owner
 * or queue state without reading every document of the collection; the H2 backend also keeps its
 * unique indexes in memory ({@link HashUniqueIndex}), and counts by an indexed field without
 * reading the documents. Both kinds of index are rebuilt from the documents when the store opens:
 * the documents are the only thing the file has to get right.
 *
 * <p>Both backends' collections hand out the stored documents themselves (H2's page cache returns
 * the same instance on every read, and an update changes it in place), so a reply must be a copy:
 * {@link SerializedBackend} makes it, once per reply. These collections make no other: a projection
 * that leaves fields out builds new containers only along the excluded paths
 * ({@link ExclusionProjection}) instead of the library's deep copy.
 */
public final class IndexedBackends {

    private IndexedBackends() {
    }

    /** A persistent store in {@code file}, with H2's default page cache (16 MB). */
    public static H2Backend h2(String file) {
        return new IndexedH2Backend(MVStore.open(file));
    }

    /** A persistent store in an MVStore the caller opened (and configured, e.g. its cache size). */
    public static H2Backend h2(MVStore store) {
        return new IndexedH2Backend(store);
    }

    /** A store that lives only as long as the process (tests). */
    public static MemoryBackend memory() {
        return new IndexedMemoryBackend();
    }

    private static final class IndexedH2Backend extends H2Backend {
        IndexedH2Backend(MVStore store) {
            super(store);
            // A file written while unique indexes lived in the file holds each as a map named
            // "<db>.<collection>._index_<name>", which nothing updates any more: drop them.
            for (String map : List.copyOf(store.getMapNames())) {
                if (map.contains(STALE_INDEX_MAP)) {
                    store.removeMap(map);
                }
            }
        }

        private static final String STALE_INDEX_MAP = "._index_";

        @Override
        protected MongoDatabase openOrCreateDatabase(String databaseName) {
            return new IndexedH2Database(databaseName, getMvStore(), getCursorRegistry());
        }

        // An inner class: H2Database opens the existing collections inside its constructor, before
        // a field of a subclass could hold the store, so it is taken from the backend instead.
        private final class IndexedH2Database extends H2Database {
            IndexedH2Database(String name, MVStore store, CursorRegistry cursors) {
                super(name, store, cursors);
            }

            @Override
            protected Index<Object> openOrCreateUniqueIndex(String collection, String name, List<IndexKey> keys,
                    boolean sparse) {
                return new HashUniqueIndex<>(name, keys, sparse);
            }

            @Override
            protected Index<Object> openOrCreateSecondaryIndex(String collection, String name, List<IndexKey> keys,
                    boolean sparse) {
                return new EqualityIndex<>(name, keys);
            }

            /** H2Database's own collection, with the map names it gives them, counting through the indexes. */
            @Override
            protected MongoCollection<Object> openOrCreateCollection(String name, CollectionOptions options) {
                String ns = getFullCollectionNamespace(name);
                MVStore store = getMvStore();
                return new IndexedH2Collection(this, name, options, store.openMap("databases." + ns),
                        store.openMap("meta." + ns), cursorRegistry);
            }
        }
    }

    /**
     * H2's collection reading through {@link IndexedReads}: {@code count} by an equality on an
     * indexed field from the index without reading documents, {@code find} by one without the
     * matcher, any other query from the index that narrows it most (a range on the second field of
     * a compound index), and a projection that only leaves fields out without copying the document.
     */
    private static final class IndexedH2Collection extends H2Collection {
        IndexedH2Collection(MongoDatabase database, String name, CollectionOptions options,
                MVMap<Object, Document> data, MVMap<String, Object> meta, CursorRegistry cursors) {
            super(database, name, options, data, meta, cursors);
        }

        @Override
        public int count(Document query, int skip, int limit) {
            long n = query != null && skip <= 0 && limit <= 0 ? IndexedReads.exactCount(getIndexes(), query) : -1;
            return n >= 0 ? (int) n : super.count(query, skip, limit);
        }

        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int skip, int limit, int batchSize,
                Document projection) {
            List<Object> exact = IndexedReads.exactPositions(getIndexes(), query);
            if (exact != null) {
                return matchDocumentsFromStream(exact.stream().map(this::getDocument), alreadyMatched(), orderBy, skip,
                        limit, batchSize, projection);
            }
            EqualityIndex<Object> index = IndexedReads.narrowest(getIndexes(), query);
            return index == null ? super.queryDocuments(query, orderBy, skip, limit, batchSize, projection)
                    : matchDocuments(query, index.getPositions(query), orderBy, skip, limit, batchSize, projection);
        }

        @Override
        protected QueryResult matchDocumentsFromStream(Document query, Stream<Document> documents, int skip,
                int limit, int batchSize, Comparator<Document> order, Document projection) {
            ExclusionProjection exclusion = ExclusionProjection.of(projection);
            if (exclusion == null) {
                return super.matchDocumentsFromStream(query, documents, skip, limit, batchSize, order, projection);
            }
            List<Document> selected = IndexedReads.select(documents, d -> documentMatchesQuery(d, query), order,
                    skip, limit);
            List<Document> projected = IndexedReads.project(selected, exclusion);
            return projected != null ? createQueryResult(projected, batchSize)
                    : super.matchDocumentsFromStream(alreadyMatched(), selected.stream(), 0, 0, batchSize, null, projection);
        }
    }

    /** The memory backend's collection reading as {@link IndexedH2Collection} does. */
    private static final class IndexedMemoryCollection extends MemoryCollection {
        IndexedMemoryCollection(MongoDatabase database, String name, CollectionOptions options,
                CursorRegistry cursors) {
            super(database, name, options, cursors);
        }

        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int skip, int limit, int batchSize,
                Document projection) {
            List<Integer> exact = IndexedReads.exactPositions(getIndexes(), query);
            if (exact != null) {
                return matchDocumentsFromStream(exact.stream().map(this::getDocument), alreadyMatched(), orderBy, skip,
                        limit, batchSize, projection);
            }
            EqualityIndex<Integer> index = IndexedReads.narrowest(getIndexes(), query);
            return index == null ? super.queryDocuments(query, orderBy, skip, limit, batchSize, projection)
                    : matchDocuments(query, index.getPositions(query), orderBy, skip, limit, batchSize, projection);
        }

        @Override
        protected QueryResult matchDocumentsFromStream(Document query, Stream<Document> documents, int skip,
                int limit, int batchSize, Comparator<Document> order, Document projection) {
            ExclusionProjection exclusion = ExclusionProjection.of(projection);
            if (exclusion == null) {
                return super.matchDocumentsFromStream(query, documents, skip, limit, batchSize, order, projection);
            }
            List<Document> selected = IndexedReads.select(documents, d -> documentMatchesQuery(d, query), order,
                    skip, limit);
            List<Document> projected = IndexedReads.project(selected, exclusion);
            return projected != null ? createQueryResult(projected, batchSize)
                    : super.matchDocumentsFromStream(alreadyMatched(), selected.stream(), 0, 0, batchSize, null, projection);
        }
    }

    /** The query for documents that are matches already: the empty one, which every document matches. */
    private static Document alreadyMatched() {
        return new Document();
    }

    private static final class IndexedMemoryBackend extends MemoryBackend {
        @Override
        public MemoryDatabase openOrCreateDatabase(String databaseName) {
            return new IndexedMemoryDatabase(databaseName, getCursorRegistry());
        }
    }

    private static final class IndexedMemoryDatabase extends MemoryDatabase {
        IndexedMemoryDatabase(String name, CursorRegistry cursors) {
            super(name, cursors);
        }

        @Override
        protected Index<Integer> openOrCreateSecondaryIndex(String collection, String name, List<IndexKey> keys,
                boolean sparse) {
            return new EqualityIndex<>(name, keys);
        }

        @Override
        protected MemoryCollection openOrCreateCollection(String name, CollectionOptions options) {
            return new IndexedMemoryCollection(this, name, options, cursorRegistry);
        }
    }
}
