package io.mailstream.net;

/**
 * A protocol session without sockets: fed the bytes a client sent, it answers through its
 * {@link Connection}. The listener calls these methods one at a time per connection, in order,
 * on a worker thread, so an implementation may block (store, broker, password hashing) and needs
 * no locking of its own state.
 */
public interface ProtocolHandler {

    /** The connection is open: send the greeting. */
    void onConnect();

    /** Bytes as they arrived: any fragment of a line, or many pipelined lines at once. */
    void onData(byte[] data);

    /** No input for the idle timeout: the default closes; protocols answer first (SMTP 421, IMAP BYE). */
    default void onIdleTimeout(Connection connection) {
        connection.close();
    }

    /** The connection is gone (either side closed it). Release what the session holds. */
    default void onClose() {
    }
}
