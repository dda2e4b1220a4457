package io.mailstream.mailbox.pop3;

import io.mailstream.net.Connection;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** A {@link Connection} that records what the session writes: the session runs without sockets. */
final class MemoryConnection implements Connection {

    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final String remoteAddress;
    private final boolean tlsCapable;
    private final String sessionId;
    private int readFrom;
    private boolean closed;
    private boolean secure;

    /** A loopback client on a listener without TLS. */
    MemoryConnection() {
        this("127.0.0.1", false, false);
    }

    /**
     * @param tlsCapable the listener has a certificate (STLS possible)
     * @param secure     TLS from the start (POP3S)
     */
    MemoryConnection(String remoteAddress, boolean tlsCapable, boolean secure) {
        this.remoteAddress = remoteAddress;
        this.tlsCapable = tlsCapable;
        this.secure = secure;
        this.sessionId = "TEST" + Long.toString(System.nanoTime(), 36).toUpperCase();
    }

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
        return remoteAddress;
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public boolean canStartTls() {
        return tlsCapable && !secure;
    }

    /** Records the last plain-text reply and pretends the handshake succeeded at once. */
    @Override
    public void startTls(byte[] lastPlaintextReply) {
        if (!canStartTls()) {
            throw new IllegalStateException("STARTTLS not possible");
        }
        write(lastPlaintextReply);
        secure = true;
    }

    @Override
    public int localPort() {
        return 110;
    }

    @Override
    public String sessionId() {
        return sessionId;
    }
}
