package io.mailstream.mongowire;

import de.bwaldvogel.mongo.bson.Document;

import java.util.List;
import java.util.function.Function;

/** Reading what a query says about one field, for the indexes that narrow a find by it. */
final class QueryClauses {

    private QueryClauses() {
    }

    /**
     * What {@code read} makes of the query's condition on {@code field}, or null when there is none
     * it can use. The condition may also sit in one clause of {@code {$and: [...]}} (how the driver
     * writes Filters.and): every clause has to hold, so any one of them narrows the find.
     */
    static <T> T onField(Document query, String field, Function<Object, T> read) {
        if (query.containsKey(field)) {
            return read.apply(query.get(field));
        }
        if (query.get("$and") instanceof List<?> clauses) {
            for (Object clause : clauses) {
                T found = clause instanceof Document d ? onField(d, field, read) : null;
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
