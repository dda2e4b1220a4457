package io.mailstream.mongowire;

import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.bson.Document;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The parts of the read path that {@link IndexedBackends}' collections share: answers an
 * {@link EqualityIndex} can give alone, and the selection mongo-java-server makes before it
 * projects (match, order, skip, limit), for the collections that project by themselves.
 */
final class IndexedReads {

    private IndexedReads() {
    }

    /** How many documents match {@code query} if an equality index can tell alone, else -1. */
    static <P> long exactCount(List<Index<P>> indexes, Document query) {
        for (Index<P> index : indexes) {
            long n = index instanceof EqualityIndex<P> e ? e.exactCount(query) : -1;
            if (n >= 0) {
                return n;
            }
        }
        return -1;
    }

    /** The positions of exactly the matches of {@code query} if an equality index can tell, else null. */
    static <P> List<P> exactPositions(List<Index<P>> indexes, Document query) {
        if (query == null) {
            return null;
        }
        for (Index<P> index : indexes) {
            List<P> positions = index instanceof EqualityIndex<P> e ? e.exactPositions(query) : null;
            if (positions != null) {
                return positions;
            }
        }
        return null;
    }

    /**
     * The index to read the candidates of {@code query} from, when it is one of ours, else null
     * (the library's own choice stands). mongo-java-server reads from the first index that can
     * serve a query, so of {@code (mailboxId, uid)} and {@code (mailboxId, modSeq)} it would take
     * the first for a range on {@code modSeq} and read the whole mailbox; this takes the equality
     * index that narrows most ({@link EqualityIndex#narrowing}), the first of them on a tie.
     */
    static <P> EqualityIndex<P> narrowest(List<Index<P>> indexes, Document query) {
        if (query == null) {
            return null;
        }
        EqualityIndex<P> best = null;
        int bestNarrowing = 0;
        for (Index<P> index : indexes) {
            if (index instanceof EqualityIndex<P> e) {
                int narrowing = e.narrowing(query);
                if (narrowing > bestNarrowing) {
                    best = e;
                    bestNarrowing = narrowing;
                }
            } else if (best == null && index.canHandle(query)) {
                return null; // the library takes this one (a unique index), before any of ours
            }
        }
        return best;
    }

    /** As mongo-java-server selects the documents of a query result, before their projection. */
    static List<Document> select(Stream<Document> documents, Predicate<Document> matches, Comparator<Document> order,
            int skip, int limit) {
        Stream<Document> selected = documents.filter(matches);
        if (order != null) {
            selected = selected.sorted(order);
        }
        if (skip > 0) {
            selected = selected.skip(skip);
        }
        if (limit > 0) {
            selected = selected.limit(limit);
        }
        return selected.toList();
    }

    /** The documents through {@code projection}, or null when it leaves one of them to the library. */
    static List<Document> project(List<Document> documents, ExclusionProjection projection) {
        List<Document> out = new ArrayList<>(documents.size());
        for (Document document : documents) {
            Document projected = projection.apply(document);
            if (projected == null) {
                return null;
            }
            out.add(projected);
        }
        return out;
    }
}
