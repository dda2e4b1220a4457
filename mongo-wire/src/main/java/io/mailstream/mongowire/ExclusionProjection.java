package io.mailstream.mongowire;

import de.bwaldvogel.mongo.bson.Document;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A projection that only leaves fields out ({@code {"summary.text": 0}}), applied without copying
 * what it keeps: the result is a new top-level document, with new documents along each excluded
 * path, sharing every other value with the stored document. mongo-java-server's own projection
 * deep-copies the whole document before it removes anything, and {@link SerializedBackend} copies
 * the reply once more, so every document was copied twice; with this one the reply's copy is the
 * only one (and, the excluded fields being gone, a smaller one).
 *
 * <p>Only the plain case is served here: every field excluded with 0 or false, no operator, no
 * path inside another; and a document only while each path runs through sub-documents. Everything
 * else (inclusions, {@code $slice}, an array on the path, which MongoDB walks element by element)
 * is left to mongo-java-server's projection.
 */
final class ExclusionProjection {

    private final List<String[]> paths;

    private ExclusionProjection(List<String[]> paths) {
        this.paths = paths;
    }

    /** The projection for {@code fields}, or null when they are not plain exclusions. */
    static ExclusionProjection of(Document fields) {
        if (fields == null || fields.isEmpty()) {
            return null;
        }
        List<String[]> paths = new ArrayList<>();
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            String path = field.getKey();
            if (!excludes(field.getValue()) || !plain(path)) {
                return null;
            }
            for (String other : fields.keySet()) {
                if (!other.equals(path) && other.startsWith(path + ".")) {
                    return null; // a collision, which the library reports
                }
            }
            paths.add(path.split("\\."));
        }
        return new ExclusionProjection(paths);
    }

    /** {@code document} without the excluded fields, or null when a path runs through an array. */
    Document apply(Document document) {
        Document out = new Document(document);
        for (String[] path : paths) {
            Document at = out;
            for (int i = 0; i < path.length - 1 && at != null; i++) {
                Object value = at.get(path[i]);
                if (value instanceof List<?>) {
                    return null;
                }
                if (value instanceof Document sub) {
                    Document copy = new Document(sub);
                    at.put(path[i], copy);
                    at = copy;
                } else {
                    at = null; // nothing there to leave out
                }
            }
            if (at != null) {
                at.remove(path[path.length - 1]);
            }
        }
        return out;
    }

    private static boolean excludes(Object value) {
        return Boolean.FALSE.equals(value) || value instanceof Number n && n.doubleValue() == 0;
    }

    private static boolean plain(String path) {
        for (String name : path.split("\\.", -1)) {
            if (name.isEmpty() || name.startsWith("$")) {
                return false;
            }
        }
        return true;
    }
}
