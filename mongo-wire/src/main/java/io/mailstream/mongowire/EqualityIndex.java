package io.mailstream.mongowire;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;

import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A non-unique secondary index for mongo-java-server, which otherwise ignores them and answers
 * every query by reading the whole collection (a SELECT of a 1,000-message mailbox read every
 * message of every mailbox). It is kept in memory and rebuilt from the documents when the store
 * opens, and it serves equality on the index's first field, also inside {@code $and}
 * ({@code {mailboxId: "x", uid: {$gt: 5}}} uses an index on {@code (mailboxId, uid)}): the collection still applies the whole query to the
 * documents it returns, so the index only has to return a superset of the matches (except where
 * it tells the exact matches: {@link #exactPositions}, {@link #exactCount}). A compound index also
 * serves a range or an {@code $in} of numbers on its second field after an equality on the first
 * ({@code {mailboxId: "x", modSeq: {$gt: 5}}}): it keeps each first key's documents in the order
 * of that number ({@link NumberOrder}) and returns only those in the range.
 *
 * <p>Documents whose first field holds something this index does not key (an array, a
 * sub-document, a type without a plain equality) are returned for every lookup, so that MongoDB's
 * matching rules for them stay the collection's business. The index is keyed by {@code _id};
 * in a collection without one it turns itself off and the collection scans as before.
 */
final class EqualityIndex<P> extends Index<P> {

    private static final String ID = "_id";

    private final List<String> fields;
    /** Documents by the value of the first field; those whose value has no key are in {@link #unkeyedFirst}. */
    private final Map<Object, Set<P>> byFirst = new HashMap<>();
    private final Set<P> unkeyedFirst = new LinkedHashSet<>();
    /** For a compound index, documents by the values of all fields. */
    private final Map<List<Object>, Set<P>> byAll = new HashMap<>();
    private final Set<P> unkeyedAll = new LinkedHashSet<>();
    /** For a compound index, the documents of each key of the first field in the order of the second's number. */
    private final Map<Object, NumberOrder<P>> bySecond = new HashMap<>();
    private final Map<Object, Entry<P>> byId = new HashMap<>();
    private boolean disabled;

    /** What a document is held by: {@code second} is its second field's number (null: none, or not compound). */
    private record Entry<P>(Object first, List<Object> all, Double second, P position) {
    }

    /**
     * Declared sparse whatever the description says: the collection then accepts that a document
     * this index does not hold (in a collection it turned itself off for) has no position here.
     */
    EqualityIndex(String name, List<IndexKey> keys) {
        super(name, keys, true);
        this.fields = keys.stream().map(IndexKey::getKey).toList();
    }

    @Override
    public synchronized boolean canHandle(Document query) {
        return !disabled && fields.stream().noneMatch(f -> f.contains(".")) && equality(query, fields.get(0)) != null;
    }

    /**
     * How closely this index narrows {@code query}: 0 when it cannot serve it, 1 by the first
     * field alone, 2 by the second field too (an equality on all fields, or a range or {@code $in}
     * on the second). mongo-java-server reads from the first index that can serve a query; the
     * collections of {@link IndexedBackends} read from the one that narrows most instead.
     */
    synchronized int narrowing(Document query) {
        if (!canHandle(query)) {
            return 0;
        }
        boolean second = fields.size() > 1
                && (queriedKeys(query) != null || NumberCondition.of(query, fields.get(1)) != null);
        return second ? 2 : 1;
    }

    @Override
    public synchronized Iterable<P> getPositions(Document query) {
        List<Object> all = fields.size() > 1 ? queriedKeys(query) : null;
        if (all != null) {
            return union(unkeyedAll, byAll.get(all));
        }
        Object first = equality(query, fields.get(0));
        NumberCondition range = first != null && fields.size() > 1 ? NumberCondition.of(query, fields.get(1)) : null;
        if (range != null) {
            List<P> out = new ArrayList<>(unkeyedFirst);
            NumberOrder<P> ordered = bySecond.get(first);
            if (ordered != null) {
                ordered.collect(range, out);
            }
            return out;
        }
        return union(unkeyedFirst, first == null ? null : byFirst.get(first));
    }

    @Override
    public synchronized void add(Document document, P position, MongoCollection<P> collection) {
        Object id = idOf(document);
        if (id == null) {
            disabled = true; // cannot find the entry again on remove: scan instead
            return;
        }
        Object first = keyOf(document.get(fields.get(0)));
        List<Object> all = fields.size() > 1 ? documentKeys(document) : null;
        Double second = fields.size() > 1 ? NumberCondition.key(document.get(fields.get(1))) : null;
        put(byFirst, unkeyedFirst, first, position);
        if (fields.size() > 1) {
            put(byAll, unkeyedAll, all, position);
            if (first != null) {
                bySecond.computeIfAbsent(first, k -> new NumberOrder<>()).add(second, position);
            }
        }
        byId.put(id, new Entry<>(first, all, second, position));
    }

    /**
     * How many documents match {@code query} when this index alone can tell, else -1 (see
     * {@link #exactPositions}). Serves {@code count}.
     */
    synchronized long exactCount(Document query) {
        String key = exactKey(query);
        if (key == null) {
            return -1;
        }
        Set<P> hits = byFirst.get(key);
        return hits == null ? 0 : hits.size();
    }

    /**
     * The positions of exactly the documents that match {@code query} when this index alone can
     * tell, else null: the query is one equality on the first field with a string (numbers share
     * keys), and every document has a key there (an array or a missing field would need the
     * matcher). Serves {@code find} without the matcher looking at each document again.
     */
    synchronized List<P> exactPositions(Document query) {
        String key = exactKey(query);
        if (key == null) {
            return null;
        }
        Set<P> hits = byFirst.get(key);
        return hits == null ? List.of() : new ArrayList<>(hits);
    }

    private String exactKey(Document query) {
        String first = fields.get(0);
        if (disabled || query.size() != 1 || !query.containsKey(first) || !unkeyedFirst.isEmpty()) {
            return null;
        }
        Object value = query.get(first);
        if (value instanceof Document condition && condition.size() == 1 && condition.containsKey("$eq")) {
            value = condition.get("$eq");
        }
        return value instanceof String s ? s : null;
    }

    @Override
    public synchronized P remove(Document document) {
        Object id = idOf(document);
        Entry<P> entry = id == null ? null : byId.remove(id);
        if (entry == null) {
            return null;
        }
        take(byFirst, unkeyedFirst, entry.first(), entry.position());
        if (fields.size() > 1) {
            take(byAll, unkeyedAll, entry.all(), entry.position());
            NumberOrder<P> ordered = entry.first() == null ? null : bySecond.get(entry.first());
            if (ordered != null) {
                ordered.remove(entry.second(), entry.position());
                if (ordered.isEmpty()) {
                    bySecond.remove(entry.first());
                }
            }
        }
        return entry.position();
    }

    @Override
    public synchronized P getPosition(Document document) {
        Object id = idOf(document);
        Entry<P> entry = id == null ? null : byId.get(id);
        return entry == null ? null : entry.position();
    }

    @Override
    public synchronized void updateInPlace(Document oldDocument, Document newDocument, P position,
            MongoCollection<P> collection) {
        remove(oldDocument);
        add(newDocument, position, collection);
    }

    @Override
    public void checkAdd(Document document, MongoCollection<P> collection) {
        // not unique: nothing can conflict
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<P> collection) {
        // not unique: nothing can conflict
    }

    @Override
    public synchronized long getCount() {
        return byId.size();
    }

    @Override
    public synchronized long getDataSize() {
        return byId.size();
    }

    @Override
    public synchronized void drop() {
        byFirst.clear();
        unkeyedFirst.clear();
        byAll.clear();
        unkeyedAll.clear();
        bySecond.clear();
        byId.clear();
    }

    private static <K, P> void put(Map<K, Set<P>> map, Set<P> unkeyed, K key, P position) {
        if (key == null) {
            unkeyed.add(position);
        } else {
            map.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(position);
        }
    }

    private static <K, P> void take(Map<K, Set<P>> map, Set<P> unkeyed, K key, P position) {
        if (key == null) {
            unkeyed.remove(position);
            return;
        }
        Set<P> set = map.get(key);
        set.remove(position);
        if (set.isEmpty()) {
            map.remove(key);
        }
    }

    private static <P> List<P> union(Set<P> always, Set<P> hits) {
        List<P> out = new ArrayList<>(always);
        if (hits != null) {
            out.addAll(hits);
        }
        return out;
    }

    /** The keys of all fields when the query asks for equality on each of them, else null. */
    private List<Object> queriedKeys(Document query) {
        List<Object> keys = new ArrayList<>(fields.size());
        for (String f : fields) {
            Object key = equality(query, f);
            if (key == null) {
                return null;
            }
            keys.add(key);
        }
        return keys;
    }

    /** The keys of all fields of a document, or null when one of them has no key (missing, array, ...). */
    private List<Object> documentKeys(Document document) {
        List<Object> keys = new ArrayList<>(fields.size());
        for (String f : fields) {
            Object key = keyOf(document.get(f));
            if (key == null) {
                return null;
            }
            keys.add(key);
        }
        return keys;
    }

    /** The key an equality on {@code field} in the query asks for, or null (also inside {@code $and}). */
    private static Object equality(Document query, String field) {
        return QueryClauses.onField(query, field, EqualityIndex::equalKey);
    }

    /** The key of a plain value or of {@code {$eq: value}}; null for any other condition. */
    private static Object equalKey(Object value) {
        if (value instanceof Document condition) {
            if (condition.size() != 1 || !condition.containsKey("$eq")) {
                return null;
            }
            return keyOf(condition.get("$eq"));
        }
        return keyOf(value);
    }

    private static Object idOf(Document document) {
        if (!document.containsKey(ID)) {
            return null;
        }
        Object id = document.get(ID);
        return id instanceof Number n ? n.doubleValue() : id;
    }

    /**
     * Values with a plain equality the matcher agrees with: numbers compare by value (3 == 3L ==
     * 3.0), so they are keyed as doubles (two large longs sharing a double only widen the superset).
     * Anything else (null, arrays, sub-documents, ...) has no key.
     */
    private static Object keyOf(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue() + 0.0; // -0.0 + 0.0 is 0.0, which MongoDB finds -0.0 by
        }
        if (value instanceof String || value instanceof Boolean || value instanceof ObjectId || value instanceof Date) {
            return value;
        }
        return null;
    }
}
