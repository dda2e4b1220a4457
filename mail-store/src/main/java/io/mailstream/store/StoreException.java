package io.mailstream.store;

/** A store operation failed in a way the caller should treat as temporary (retry, 4xx). */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
