package io.mailstream.mailbox.pop3;

import io.mailstream.net.Connection;
import io.mailstream.net.ListenerOptions;
import io.mailstream.net.ProtocolHandler;
import io.mailstream.net.ProtocolHandlerFactory;
import io.mailstream.net.TcpListener;
import io.mailstream.net.TlsConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Starts the POP3 listeners with the application and stops them on shutdown: plain POP3 with STLS
 * (when {@code mailstream.tls.cert}/{@code .key} are set), and POP3S with TLS from the first byte
 * on {@code mailstream.pop3.pop3s-port}. Also refreshes the maildrop locks of live sessions.
 */
@ApplicationScoped
public class Pop3Server {

    private static final Logger LOG = Logger.getLogger(Pop3Server.class);

    @Inject
    Vertx vertx;
    @Inject
    MaildropService maildrops;
    @Inject
    MeterRegistry registry;
    @Inject
    Pop3Config config;
    @ConfigProperty(name = "mailstream.hostname", defaultValue = "localhost")
    String hostname;
    @ConfigProperty(name = "mailstream.tls.cert")
    Optional<String> tlsCert;
    @ConfigProperty(name = "mailstream.tls.key")
    Optional<String> tlsKey;

    private ExecutorService workers;
    private ScheduledExecutorService heartbeat;
    private TcpListener listener;
    private TcpListener secureListener;

    void start(@Observes StartupEvent event) {
        Pop3Metrics metrics = new Pop3Metrics(registry);
        Pop3Commands commands = Pop3Commands.standard();
        ProtocolHandlerFactory factory = new ProtocolHandlerFactory() {
            @Override
            public ProtocolHandler create(Connection connection) {
                return new Pop3Session(connection, maildrops, commands, metrics, hostname,
                        config.allowPlaintextLoopback());
            }

            @Override
            public String busyReply() {
                return new String(Pop3Replies.BUSY.encode(), StandardCharsets.US_ASCII);
            }
        };
        TlsConfig tls = tlsConfig();
        workers = Executors.newFixedThreadPool(config.workerThreads(), named("pop3-worker-"));
        listener = new TcpListener(vertx, "pop3", new ListenerOptions(config.host(), config.port(),
                config.maxConnections(), config.idleTimeoutSeconds(), tls, false, config.proxyProtocolOptions()),
                factory, workers);
        listener.start();
        if (config.pop3sPort().isPresent() && tls != null) {
            secureListener = new TcpListener(vertx, "pop3s", new ListenerOptions(config.host(),
                    config.pop3sPort().getAsInt(), config.maxConnections(), config.idleTimeoutSeconds(), tls, true,
                    config.proxyProtocolOptions()),
                    factory, workers);
            secureListener.start();
        }
        if (tls == null && !config.allowPlaintextLoopback()) {
            LOG.warn("POP3: no TLS certificate and plaintext logins not allowed from loopback: nobody can log in");
        }
        long period = Math.max(1, config.lockTtlSeconds() / 4);
        heartbeat = Executors.newSingleThreadScheduledExecutor(named("pop3-lock-heartbeat-"));
        heartbeat.scheduleWithFixedDelay(this::refreshLocks, period, period, TimeUnit.SECONDS);
    }

    /** The certificate for STLS and POP3S, or null (with a warning) when none is configured. */
    private TlsConfig tlsConfig() {
        if (tlsCert.filter(s -> !s.isBlank()).isEmpty() || tlsKey.filter(s -> !s.isBlank()).isEmpty()) {
            LOG.warn("POP3: mailstream.tls.cert / mailstream.tls.key not set: no STLS and no POP3S listener");
            return null;
        }
        return new TlsConfig(Path.of(tlsCert.get()), Path.of(tlsKey.get()));
    }

    private void refreshLocks() {
        if (activeConnections() == 0) {
            return;
        }
        try {
            maildrops.heartbeat();
        } catch (RuntimeException e) {
            LOG.warnf("POP3 lock heartbeat failed: %s", e.getMessage());
        }
    }

    /** Shutdown, step one (before other observers): both listeners start draining at once, as IMAP's do. */
    void beginDrain(@Observes @Priority(1) ShutdownEvent event) {
        drain(config.drainTimeout());
    }

    /**
     * Stops serving new connections; a session is closed at its next command ({@code -ERR}, and in
     * TRANSACTION without applying its deletions: RFC 1939 removes messages only at QUIT), and
     * whatever is left at {@code bound}. Completes when no connection is left.
     */
    public synchronized CompletableFuture<Void> drain(Duration bound) {
        return TcpListener.drainAll(bound, listener, secureListener);
    }

    void stop(@Observes ShutdownEvent event) {
        TcpListener.awaitDrained(drain(config.drainTimeout()), config.drainTimeout(), "POP3");
        if (heartbeat != null) {
            heartbeat.shutdownNow();
        }
        for (TcpListener l : new TcpListener[] {listener, secureListener}) {
            if (l != null) {
                l.stop();
            }
        }
        if (workers != null) {
            workers.shutdownNow();
        }
    }

    /** The bound port (the real one when configured with 0), or -1 when not listening. */
    public int port() {
        return listener == null ? -1 : listener.port();
    }

    /** The bound POP3S port, or -1 when there is no implicit-TLS listener. */
    public int securePort() {
        return secureListener == null ? -1 : secureListener.port();
    }

    public boolean isListening() {
        return listener != null && listener.isListening()
                && (secureListener == null || secureListener.isListening());
    }

    public int activeConnections() {
        return (listener == null ? 0 : listener.activeConnections())
                + (secureListener == null ? 0 : secureListener.activeConnections());
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
