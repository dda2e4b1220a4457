package io.mailstream.smtp;

import io.mailstream.net.Connection;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A {@link Connection} that keeps what the session wrote, for tests without sockets. It can
 * pretend to have a certificate (STARTTLS possible) or to be an implicit-TLS connection; the
 * test completes a requested handshake with {@link #completeTls()} and then calls the session's
 * {@code onTlsStarted()}, as the listener would.
 */
final class MemoryConnection implements Connection {

    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final String remoteAddress;
    private int read;
    private boolean closed;
    private boolean certificate;
    private boolean secure;
    private boolean tlsRequested;

    MemoryConnection() {
        this("192.0.2.10");
    }

    MemoryConnection(String remoteAddress) {
        this.remoteAddress = remoteAddress;
    }

    /** The listener has a certificate: STARTTLS may be offered. */
    MemoryConnection withCertificate() {
        certificate = true;
        return this;
    }

    /** TLS from the first byte (port 465). */
    MemoryConnection implicitTls() {
        certificate = true;
        secure = true;
        return this;
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

    @Override
    public String remoteAddress() {
        return remoteAddress;
    }

    @Override
    public int localPort() {
        return 25;
    }

    @Override
    public String sessionId() {
        return "TESTSESSION1";
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public boolean canStartTls() {
        return certificate && !secure;
    }

    @Override
    public void startTls(byte[] lastPlaintextReply) {
        if (!canStartTls() || tlsRequested) {
            throw new IllegalStateException("STARTTLS not possible");
        }
        write(lastPlaintextReply);
        tlsRequested = true;
    }

    boolean tlsRequested() {
        return tlsRequested;
    }

    /** The handshake succeeded. */
    void completeTls() {
        if (!tlsRequested) {
            throw new IllegalStateException("no STARTTLS was answered");
        }
        secure = true;
        tlsRequested = false;
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
