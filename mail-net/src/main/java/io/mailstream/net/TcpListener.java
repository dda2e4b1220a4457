package io.mailstream.net;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslHandler;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.impl.NetSocketInternal;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLContext;

import org.jboss.logging.Logger;

/**
 * A Vert.x TCP listener that feeds each connection's bytes to its {@link ProtocolHandler}. The
 * event loop only moves bytes; the handler runs on a worker pool, one task at a time per
 * connection and in arrival order, so sessions can block. Reading pauses while a connection has
 * too much unprocessed input, so a fast client cannot make the server buffer without bound.
 *
 * <p>With PROXY protocol on, the header is read on the event loop before any session exists: a
 * connection without a valid header in time is closed without a greeting, and the header's
 * client address is the one the session sees. On an implicit-TLS port the header comes before
 * the TLS handshake, so such a listener accepts plain TCP and starts TLS itself once the header
 * is consumed.
 *
 * <p>{@link #drain} is the graceful shutdown: stop taking connections, ask every session to end
 * ({@link ProtocolHandler#onDrain}), close what is left at the bound.
 */
public final class TcpListener {

    private static final Logger LOG = Logger.getLogger(TcpListener.class);
    private static final long PAUSE_ABOVE_BYTES = 1 << 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Vertx vertx;
    private final String name;
    private final ListenerOptions options;
    private final ProtocolHandlerFactory factory;
    private final ExecutorService workers;
    private final AtomicInteger active = new AtomicInteger();
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
    private volatile NetServer server;
    private volatile boolean draining;
    private volatile CompletableFuture<Void> drained;
    /** Implicit TLS behind a PROXY header: the TLS we start after the header, or null. */
    private SSLContext tlsAfterHeader;

    public TcpListener(Vertx vertx, String name, ListenerOptions options, ProtocolHandlerFactory factory,
            ExecutorService workers) {
        this.vertx = vertx;
        this.name = name;
        this.options = options;
        this.factory = factory;
        this.workers = workers;
    }

    /** Binds and returns the port actually bound (useful with port 0). Blocks until bound. */
    public int start() {
        NetServerOptions serverOptions = new NetServerOptions().setHost(options.host()).setPort(options.port())
                .setTcpNoDelay(true);
        boolean proxied = options.proxyProtocol().enabled();
        if (options.tls() != null) {
            // With a certificate but ssl=false the server can still upgrade a socket (STARTTLS).
            serverOptions.setKeyCertOptions(options.tls().keyCertOptions())
                    .setSsl(options.implicitTls() && !proxied);
            if (options.implicitTls() && proxied) {
                tlsAfterHeader = options.tls().serverContext(vertx);
            }
        }
        NetServer s = vertx.createNetServer(serverOptions);
        s.connectHandler(this::accept);
        try {
            s.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(name + " could not listen on " + options.host() + ":" + options.port(), e);
        }
        server = s;
        LOG.infof("%s listening on %s:%d%s", name, options.host(), s.actualPort(),
                proxied ? " (PROXY protocol)" : "");
        return s.actualPort();
    }

    /** Unbinds and closes every connection at once (after {@link #drain}, only stragglers remain). */
    public void stop() {
        NetServer s = server;
        server = null;
        if (s != null) {
            s.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
        }
    }

    /** {@link #drain} of several listeners at once (nulls skipped); completes when all are drained. */
    public static CompletableFuture<Void> drainAll(Duration bound, TcpListener... listeners) {
        return CompletableFuture.allOf(Arrays.stream(listeners).filter(Objects::nonNull)
                .map(l -> l.drain(bound)).toArray(CompletableFuture[]::new));
    }

    /**
     * Waits for a drain to end, a few seconds past its bound (the last connections are closed at the
     * bound); logs, naming {@code what}, when it did not. For a service's shutdown observer.
     */
    public static void awaitDrained(CompletableFuture<Void> drained, Duration bound, String what) {
        try {
            drained.get(bound.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warnf("%s drain did not complete: %s", what, e.getMessage());
        }
    }

    /**
     * Graceful shutdown. New connections are no longer served: Vert.x 4 cannot unbind a server
     * without closing its connections, so until {@link #stop} the port stays bound and each new
     * connection is closed at once, before any byte. Every session is asked to finish
     * ({@link ProtocolHandler#onDrain}); those still open after {@code bound} are closed. The
     * future completes when no connection is left. Calling it again returns the same future.
     */
    public CompletableFuture<Void> drain(Duration bound) {
        CompletableFuture<Void> d;
        synchronized (this) {
            if (drained != null) {
                return drained;
            }
            draining = true;
            d = drained = new CompletableFuture<>();
        }
        NetServer s = server;
        if (s != null) {
            s.connectStream().pause(); // Vert.x closes connections it cannot hand to us
        }
        LOG.infof("%s draining %d connections, for at most %s", name, active.get(), bound);
        sessions.forEach(Session::drain);
        long timer = vertx.setTimer(Math.max(1, bound.toMillis()), t -> {
            if (!d.isDone()) {
                LOG.infof("%s: drain bound reached, closing %d connections", name, active.get());
                sessions.forEach(Session::abort);
                vertx.setTimer(1000, x -> d.complete(null)); // do not wait forever for close events
            }
        });
        d.whenComplete((v, e) -> vertx.cancelTimer(timer));
        checkDrained();
        return d;
    }

    private void checkDrained() {
        CompletableFuture<Void> d = drained;
        if (d != null && active.get() == 0) {
            d.complete(null);
        }
    }

    /** Bound and taking connections (false once draining). */
    public boolean isListening() {
        return server != null && !draining;
    }

    public boolean isDraining() {
        return draining;
    }

    public int port() {
        NetServer s = server;
        return s == null ? -1 : s.actualPort();
    }

    public int activeConnections() {
        return active.get();
    }

    public String name() {
        return name;
    }

    private void accept(NetSocket socket) {
        if (draining) {
            socket.close();
            return;
        }
        if (active.incrementAndGet() > options.maxConnections()) {
            active.decrementAndGet();
            socket.write(factory.busyReply()).onComplete(x -> socket.close());
            return;
        }
        new Session(socket).open();
    }

    /** Binds one socket to one protocol handler. */
    private final class Session implements Connection {
        private final NetSocket socket;
        // The connection's event-loop context (Session is created in the connect handler, on it).
        private final Context context = vertx.getOrCreateContext();
        private final SerialExecutor serial = new SerialExecutor(workers);
        private final String id = newSessionId();
        private final AtomicLong pending = new AtomicLong();
        private final AtomicLong lastInput = new AtomicLong(System.nanoTime());
        private final AtomicBoolean released = new AtomicBoolean();
        private volatile boolean closed;
        // Event-loop state: the PROXY header decoder until the header is read, then the session.
        private ProxyProtocolDecoder proxyHeader;
        private long headerTimer = -1;
        private volatile String clientAddress;
        private volatile ProtocolHandler handler;
        private long idleTimer = -1;

        Session(NetSocket socket) {
            this.socket = socket;
        }

        void open() {
            sessions.add(this);
            socket.closeHandler(v -> closed());
            socket.exceptionHandler(e -> LOG.debugf("%s %s: %s", name, id, e.getMessage()));
            socket.handler(this::received);
            ProxyProtocolOptions proxy = options.proxyProtocol();
            if (!proxy.enabled()) {
                clientAddress = peerAddress();
                begin();
                return;
            }
            if (!proxy.trusts(peerAddress())) {
                LOG.infof("%s %s: %s is not a trusted proxy; connection closed", name, id, peerAddress());
                abort();
                return;
            }
            proxyHeader = new ProxyProtocolDecoder();
            headerTimer = vertx.setTimer(proxy.headerTimeout().toMillis(), t -> {
                if (proxyHeader != null && !closed) {
                    LOG.infof("%s %s: no PROXY header from %s within %s; connection closed", name, id,
                            peerAddress(), proxy.headerTimeout());
                    abort();
                }
            });
        }

        /** The client is known (and, behind a PROXY header on an implicit-TLS port, TLS is up): start the session. */
        private void begin() {
            if (closed) {
                return;
            }
            if (draining) {
                abort();
                return;
            }
            handler = factory.create(this);
            if (options.idleTimeoutSeconds() > 0) {
                long periodMs = Math.max(250, Math.min(5000, options.idleTimeoutSeconds() * 250L));
                idleTimer = vertx.setPeriodic(periodMs, t -> checkIdle());
            }
            serial.execute(guarded(handler::onConnect));
        }

        private void received(Buffer buffer) {
            if (closed) {
                return;
            }
            lastInput.set(System.nanoTime());
            byte[] bytes = buffer.getBytes();
            if (proxyHeader != null) {
                header(bytes);
            } else {
                deliver(bytes);
            }
        }

        private void header(byte[] bytes) {
            ProxyProtocolDecoder.Result r = proxyHeader.feed(bytes);
            if (r instanceof ProxyProtocolDecoder.Invalid invalid) {
                LOG.infof("%s %s: %s from %s; connection closed", name, id, invalid.reason(), peerAddress());
                abort();
            } else if (r instanceof ProxyProtocolDecoder.Decoded decoded) {
                proxyHeader = null;
                vertx.cancelTimer(headerTimer);
                ProxyHeader h = decoded.header();
                clientAddress = h.hasAddress() ? h.source().getAddress().getHostAddress() : peerAddress();
                LOG.debugf("%s %s: proxied client %s via %s", name, id, clientAddress, peerAddress());
                if (tlsAfterHeader != null) {
                    startTlsAfterHeader(decoded.rest());
                    return;
                }
                begin();
                if (decoded.rest().length > 0) {
                    deliver(decoded.rest());
                }
            }
        }

        /**
         * Implicit TLS behind a PROXY header. Runs on the event loop inside the read that completed
         * the header, so no later read can overtake: the TLS handler goes in front of the pipeline,
         * and the octets that came behind the header (the start of the ClientHello) are fed to it first.
         */
        private void startTlsAfterHeader(byte[] rest) {
            ChannelPipeline pipeline = ((NetSocketInternal) socket).channelHandlerContext().pipeline();
            SslHandler tls = new SslHandler(TlsConfig.serverEngine(tlsAfterHeader));
            pipeline.addFirst("ssl", tls);
            tls.handshakeFuture().addListener(f -> {
                if (f.isSuccess()) {
                    context.runOnContext(v -> begin());
                } else {
                    LOG.debugf("%s %s: TLS handshake failed: %s", name, id, f.cause().getMessage());
                    abort();
                }
            });
            if (rest.length > 0) {
                pipeline.fireChannelRead(Unpooled.wrappedBuffer(rest));
            }
        }

        private void deliver(byte[] bytes) {
            if (serial.runInline(() -> !closed && answersAtOnce(bytes), guarded(() -> handler.onData(bytes)))) {
                return;
            }
            if (pending.addAndGet(bytes.length) > PAUSE_ABOVE_BYTES) {
                socket.pause();
            }
            serial.execute(guarded(() -> {
                try {
                    if (!closed) {
                        handler.onData(bytes);
                    }
                } finally {
                    if (pending.addAndGet(-bytes.length) <= PAUSE_ABOVE_BYTES / 2) {
                        socket.resume();
                    }
                }
            }));
        }

        /** Asks the handler, which must not fail the connection by asking: an error means no. */
        private boolean answersAtOnce(byte[] bytes) {
            try {
                return handler.answersAtOnce(bytes);
            } catch (RuntimeException e) {
                LOG.warnf(e, "%s %s: answersAtOnce failed", name, id);
                return false;
            }
        }

        private void checkIdle() {
            long idleNanos = System.nanoTime() - lastInput.get();
            if (!closed && pending.get() == 0 && idleNanos > TimeUnit.SECONDS.toNanos(options.idleTimeoutSeconds())) {
                lastInput.set(System.nanoTime());
                serial.execute(guarded(() -> handler.onIdleTimeout(this)));
            }
        }

        /** The listener drains: a session that has not started yet is dropped, a running one is told. */
        void drain() {
            context.runOnContext(v -> {
                if (closed) {
                    return;
                }
                ProtocolHandler h = handler;
                if (h == null) {
                    abort();
                } else {
                    serial.execute(guarded(() -> {
                        if (!closed) {
                            h.onDrain(this);
                        }
                    }));
                }
            });
        }

        /** Closes at once, without a word (no valid PROXY header, untrusted peer, drain bound passed). */
        void abort() {
            closed = true;
            socket.close();
        }

        private void closed() {
            if (idleTimer >= 0) {
                vertx.cancelTimer(idleTimer);
            }
            if (headerTimer >= 0) {
                vertx.cancelTimer(headerTimer);
            }
            closed = true;
            sessions.remove(this);
            if (released.compareAndSet(false, true)) {
                active.decrementAndGet();
                ProtocolHandler h = handler;
                if (h != null) {
                    serial.execute(guarded(h::onClose));
                }
                checkDrained();
            }
        }

        private Runnable guarded(Runnable task) {
            return () -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.errorf(e, "%s %s: session failed", name, id);
                    close();
                }
            };
        }

        private String peerAddress() {
            return socket.remoteAddress().hostAddress();
        }

        @Override
        public void write(byte[] bytes) {
            if (!closed) {
                socket.write(Buffer.buffer(bytes));
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                socket.end();
            }
        }

        /** The client: from the PROXY header when there is one, else the socket's peer. */
        @Override
        public String remoteAddress() {
            String a = clientAddress;
            return a != null ? a : peerAddress();
        }

        @Override
        public int localPort() {
            return socket.localAddress().port();
        }

        @Override
        public String sessionId() {
            return id;
        }

        @Override
        public boolean isSecure() {
            return socket.isSsl();
        }

        @Override
        public boolean canStartTls() {
            return options.tls() != null && !socket.isSsl();
        }

        @Override
        public void startTls(byte[] lastPlaintextReply) {
            if (!canStartTls()) {
                throw new IllegalStateException("STARTTLS not possible on this connection");
            }
            // Reply and TLS handler in one event-loop task: no read can run in between, so the
            // client's ClientHello (sent once it has the reply) always meets the TLS handler and is
            // never taken for plain-text input.
            context.runOnContext(v -> {
                socket.write(Buffer.buffer(lastPlaintextReply));
                socket.upgradeToSsl().onSuccess(x -> serial.execute(guarded(handler::onTlsStarted))).onFailure(e -> {
                    LOG.debugf("%s %s: TLS handshake failed: %s", name, id, e.getMessage());
                    close();
                });
            });
        }
    }

    private static String newSessionId() {
        final String alphabet = "0123456789ABCDEFGHJKLMNPQRSTVWXYZ";
        StringBuilder sb = new StringBuilder(12);
        for (int i = 0; i < 12; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
