package io.mailstream.smtp;

import io.mailstream.net.Connection;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** A {@link Connection} that keeps what the session wrote, for tests without sockets. */
final class MemoryConnection implements Connection {

    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private int read;
    private boolean closed;

    @Override
    public void write(byte[] bytes) {
        if (closed) {
            throw new IllegalStateException("write after close");
        }
        written.writeBytes(bytes);
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String remoteAddress() {
        return "192.0.2.10";
    }

    @Override
    public int localPort() {
        return 25;
    }

    @Override
    public String sessionId() {
        return "TESTSESSION1";
    }

    boolean closed() {
        return closed;
    }

    /** Everything written since the previous call. */
    String take() {
        String all = written.toString(StandardCharsets.UTF_8);
        String fresh = all.substring(read);
        read = all.length();
        return fresh;
    }
}
