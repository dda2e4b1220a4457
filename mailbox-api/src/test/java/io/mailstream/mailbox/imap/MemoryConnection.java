package io.mailstream.mailbox.imap;

import io.mailstream.net.Connection;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** A connection that records what the session writes, for tests without sockets. */
final class MemoryConnection implements Connection {

    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private boolean closed;

    @Override
    public synchronized void write(byte[] bytes) {
        if (!closed) {
            written.writeBytes(bytes);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    @Override
    public String remoteAddress() {
        return "127.0.0.1";
    }

    @Override
    public int localPort() {
        return 2143;
    }

    @Override
    public String sessionId() {
        return "TEST";
    }

    synchronized boolean closed() {
        return closed;
    }

    /** What was written since the last call. */
    synchronized String take() {
        String s = written.toString(StandardCharsets.UTF_8);
        written.reset();
        return s;
    }
}
