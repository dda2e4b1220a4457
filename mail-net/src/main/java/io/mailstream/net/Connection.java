package io.mailstream.net;

import java.nio.charset.StandardCharsets;

/** What a protocol session may do with its peer. Writes are queued in order; safe from any thread. */
public interface Connection {

    void write(byte[] bytes);

    default void write(String ascii) {
        write(ascii.getBytes(StandardCharsets.UTF_8));
    }

    /** Flushes what was written, then closes. Further input is ignored. */
    void close();

    /** The client's IP address as text. */
    String remoteAddress();

    /** The local port the client connected to (which listener, and so which policy). */
    int localPort();

    /** A short random id for logs (MDC) and Received headers. */
    String sessionId();

    /** True once TLS protects this connection (implicit TLS, or after {@link #startTls}). */
    default boolean isSecure() {
        return false;
    }

    /** True when the listener has a certificate, so STARTTLS/STLS may be offered. */
    default boolean canStartTls() {
        return false;
    }

    /**
     * Sends {@code lastPlaintextReply} (e.g. {@code 220 2.0.0 Ready to start TLS}), then starts
     * the TLS handshake. The session must discard whatever input it has buffered and reset its
     * state: bytes that arrived before the handshake were not protected (CVE-2011-0411 class).
     * A failed handshake closes the connection.
     */
    default void startTls(byte[] lastPlaintextReply) {
        throw new UnsupportedOperationException("TLS is not configured on this listener");
    }
}
