package io.mailstream.net;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;

import java.security.SecureRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

/**
 * A Vert.x TCP listener that feeds each connection's bytes to its {@link ProtocolHandler}. The
 * event loop only moves bytes; the handler runs on a worker pool, one task at a time per
 * connection and in arrival order, so sessions can block. Reading pauses while a connection has
 * too much unprocessed input, so a fast client cannot make the server buffer without bound.
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
    private volatile NetServer server;

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
        if (options.tls() != null) {
            // With a certificate but ssl=false the server can still upgrade a socket (STARTTLS).
            serverOptions.setKeyCertOptions(options.tls().keyCertOptions()).setSsl(options.implicitTls());
        }
        NetServer s = vertx.createNetServer(serverOptions);
        s.connectHandler(this::accept);
        try {
            s.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(name + " could not listen on " + options.host() + ":" + options.port(), e);
        }
        server = s;
        LOG.infof("%s listening on %s:%d", name, options.host(), s.actualPort());
        return s.actualPort();
    }

    public void stop() {
        NetServer s = server;
        server = null;
        if (s != null) {
            s.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
        }
    }

    public boolean isListening() {
        return server != null;
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
        private final java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
        private volatile boolean closed;
        private ProtocolHandler handler;
        private long idleTimer = -1;

        Session(NetSocket socket) {
            this.socket = socket;
        }

        void open() {
            handler = factory.create(this);
            socket.handler(this::received);
            socket.closeHandler(v -> closed());
            socket.exceptionHandler(e -> LOG.debugf("%s %s: %s", name, id, e.getMessage()));
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

        private void checkIdle() {
            long idleNanos = System.nanoTime() - lastInput.get();
            if (!closed && pending.get() == 0 && idleNanos > TimeUnit.SECONDS.toNanos(options.idleTimeoutSeconds())) {
                lastInput.set(System.nanoTime());
                serial.execute(guarded(() -> handler.onIdleTimeout(this)));
            }
        }

        private void closed() {
            if (idleTimer >= 0) {
                vertx.cancelTimer(idleTimer);
            }
            closed = true;
            if (released.compareAndSet(false, true)) {
                active.decrementAndGet();
                serial.execute(guarded(handler::onClose));
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

        @Override
        public String remoteAddress() {
            return socket.remoteAddress().hostAddress();
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
