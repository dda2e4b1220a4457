package io.mailstream.mailbox.pop3;

import io.mailstream.net.Connection;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** A {@link Connection} that records what the session writes: the session runs without sockets. */
final class MemoryConnection implements Connection {

    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private int readFrom;
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

    boolean closed() {
        return closed;
    }

    /** Everything written since the previous call. */
    String take() {
        byte[] all = written.toByteArray();
        String out = new String(all, readFrom, all.length - readFrom, StandardCharsets.UTF_8);
        readFrom = all.length;
        return out;
    }

    byte[] takeBytes() {
        byte[] all = written.toByteArray();
        byte[] out = java.util.Arrays.copyOfRange(all, readFrom, all.length);
        readFrom = all.length;
        return out;
    }

    @Override
    public String remoteAddress() {
        return "127.0.0.1";
    }

    @Override
    public int localPort() {
        return 110;
    }

    @Override
    public String sessionId() {
        return "TESTSESSION1";
    }
}
