package io.mailstream.store;

import com.mongodb.MongoException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;

/** A store operation failed in a way the caller should treat as temporary (retry, 4xx). */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }

    /**
     * True when {@code failure} or one of its causes says that MongoDB cannot be reached right now
     * (network, no server selected in time, no primary during an election): the same operation is
     * expected to succeed once the store is back, however long that takes.
     */
    public static boolean isOutage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof MongoSocketException || t instanceof MongoTimeoutException
                    || t instanceof MongoNotPrimaryException || t instanceof MongoNodeIsRecoveringException
                    || t instanceof MongoException m && m.hasErrorLabel("RetryableWriteError")) {
                return true;
            }
        }
        return false;
    }
}
