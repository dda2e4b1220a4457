package io.mailstream.mailbox.imap;

import io.mailstream.net.Connection;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** A connection that records what the session writes, for tests without sockets. */
final class MemoryConnection implements Connection {

    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final String remoteAddress;
    private final boolean tlsAvailable;
    private boolean closed;
    private boolean secure;

    MemoryConnection() {
        this("127.0.0.1", false);
    }

    /** A client at {@code remoteAddress}; with {@code tlsAvailable} the listener has a certificate. */
    MemoryConnection(String remoteAddress, boolean tlsAvailable) {
        this.remoteAddress = remoteAddress;
        this.tlsAvailable = tlsAvailable;
    }

    @Override
    public synchronized boolean isSecure() {
        return secure;
    }

    @Override
    public boolean canStartTls() {
        return tlsAvailable;
    }

    /** Writes the reply and pretends the handshake succeeded. */
    @Override
    public synchronized void startTls(byte[] lastPlaintextReply) {
        written.writeBytes(lastPlaintextReply);
        secure = true;
    }

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
        return remoteAddress;
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
