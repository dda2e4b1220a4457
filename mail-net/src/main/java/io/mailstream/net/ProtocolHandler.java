package io.mailstream.net;

/**
 * A protocol session without sockets: fed the bytes a client sent, it answers through its
 * {@link Connection}. The listener calls these methods one at a time per connection, in order,
 * on a worker thread, so an implementation may block (store, broker, password hashing) and needs
 * no locking of its own state (the exception: {@link #answersAtOnce}).
 */
public interface ProtocolHandler {

    /** The connection is open: send the greeting. */
    void onConnect();

    /** Bytes as they arrived: any fragment of a line, or many pipelined lines at once. */
    void onData(byte[] data);

    /**
     * Whether {@link #onData} with these bytes will complete at once, answered from memory without
     * blocking: the listener then runs it on the connection's event loop instead of a worker, which
     * saves two thread hand-offs (a POP3 RETR of a message read ahead). Called on the event loop and
     * only while no other call of this session is running or queued, so it may read the session's
     * state. The default: never.
     */
    default boolean answersAtOnce(byte[] data) {
        return false;
    }

    /** No input for the idle timeout: the default closes; protocols answer first (SMTP 421, IMAP BYE). */
    default void onIdleTimeout(Connection connection) {
        connection.close();
    }

    /**
     * The listener is draining (shutdown): end the session as soon as the protocol allows, e.g. at
     * once when waiting for a command, or after the command in progress (SMTP 421 4.3.2, IMAP BYE).
     * Called in order with {@link #onData}. Sessions still open when the drain bound passes are
     * closed by the listener. The default closes at once.
     */
    default void onDrain(Connection connection) {
        connection.close();
    }

    /**
     * The TLS handshake requested with {@link Connection#startTls} has completed. Called in order
     * with {@link #onData}: every byte delivered before this call arrived in plain text (pipelined
     * behind STARTTLS, CVE-2011-0411 class) and must be discarded; every byte after it is protected.
     */
    default void onTlsStarted() {
    }

    /** The connection is gone (either side closed it). Release what the session holds. */
    default void onClose() {
    }
}
