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
}
