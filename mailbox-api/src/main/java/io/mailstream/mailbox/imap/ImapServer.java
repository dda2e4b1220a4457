package io.mailstream.mailbox.imap;

import com.mongodb.client.MongoDatabase;

import io.mailstream.mailbox.access.MailboxAccess;
import io.mailstream.mailbox.imap.process.AccountLimits;
import io.mailstream.mailbox.imap.process.SessionPolicy;
import io.mailstream.net.Connection;
import io.mailstream.net.ListenerOptions;
import io.mailstream.net.ProtocolHandler;
import io.mailstream.net.ProtocolHandlerFactory;
import io.mailstream.net.TcpListener;
import io.mailstream.net.TlsConfig;
import io.mailstream.store.Authenticator;
import io.mailstream.store.Directory;
import io.mailstream.store.Leases;
import io.mailstream.store.StoreException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Starts the IMAP listeners with the application and stops them with it: {@code mailstream.imap.port}
 * (STARTTLS when a certificate is configured) and, with a certificate, the implicit-TLS
 * {@code mailstream.imap.imaps-port}. Also connects mailbox changes to idling sessions.
 */
@ApplicationScoped
public class ImapServer {

    private static final Logger LOG = Logger.getLogger(ImapServer.class);

    private final Vertx vertx;
    private final ImapConfig config;
    private final MailboxAccess access;
    private final Authenticator authenticator;
    private final Directory directory;
    private final ImapMetrics metrics;
    private final Optional<String> certificate;
    private final Optional<String> privateKey;
    private final IdleRegistry idle = new IdleRegistry();
    private ExecutorService workers;
    private TcpListener listener;
    private TcpListener implicitTls;
    private long idleTimer = -1;
    private long leaseTimer = -1;
    private final Leases sessionLeases;

    @Inject
    public ImapServer(Vertx vertx, ImapConfig config, MailboxAccess access, Authenticator authenticator,
            Directory directory, MongoDatabase db, MeterRegistry registry, @ConfigProperty(name = "mailstream.tls.cert") Optional<String> certificate,
            @ConfigProperty(name = "mailstream.tls.key") Optional<String> privateKey) {
        this.vertx = vertx;
        this.config = config;
        this.access = access;
        this.authenticator = authenticator;
        this.directory = directory;
        this.metrics = new ImapMetrics(registry);
        this.certificate = certificate.filter(s -> !s.isBlank());
        this.privateKey = privateKey.filter(s -> !s.isBlank());
        this.sessionLeases = new Leases(db, "imap_sessions", instanceName(), config.sessionLeaseTtl());
    }

    private static String instanceName() {
        String host = Optional.ofNullable(System.getenv("HOSTNAME")).orElse("imap");
        return host + "/" + UUID.randomUUID();
    }

    void start(@Observes StartupEvent event) {
        workers = Executors.newFixedThreadPool(config.workerThreads(), namedThreads());
        TlsConfig tls = tlsConfig();
        // Without a certificate nobody can have TLS; loopback clients (the local stack) may still log in.
        SessionPolicy policy = new SessionPolicy(config.allowPlaintextLoopback() || tls == null, config.appendLimit(),
                config.commandsPerSecond(), config.commandBurst());
        ImapServices services = new ImapServices(new ImapCommands(), access, authenticator, idle, workers, metrics,
                config.limits(), policy, new AccountLimits(directory::quota, config.maxSessionsPerAccount(),
                        sessionLeases, Clock.systemUTC()));
        access.changes().addListener(idle::changed);
        metrics.idleGauge(idle);
        int idleSeconds = (int) config.idleTimeout().toSeconds();
        listener = new TcpListener(vertx, "imap",
                new ListenerOptions(config.host(), config.port(), config.maxConnections(), idleSeconds, tls, false,
                        config.proxyProtocolOptions()),
                factory(services), workers);
        listener.start();
        if (tls != null) {
            implicitTls = new TcpListener(vertx, "imaps",
                    new ListenerOptions(config.host(), config.imapsPort(), config.maxConnections(), idleSeconds, tls,
                            true, config.proxyProtocolOptions()),
                    factory(services), workers);
            implicitTls.start();
        }
        idleTimer = vertx.setPeriodic(config.idleCheckInterval().toMillis(), id -> idle.wakeAll());
        startLeaseRenewal();
    }

    /**
     * Session counts are shared through {@code imap_sessions} lease documents: indexes once, then one
     * bulk renewal of this instance's leases every quarter TTL (so IDLE sessions of hours keep theirs).
     */
    private void startLeaseRenewal() {
        try {
            sessionLeases.ensureIndexes();
        } catch (StoreException e) {
            LOG.warnf("IMAP session leases: indexes not created (retried at the next start): %s", e.getMessage());
        }
        long period = Math.max(1_000, sessionLeases.ttl().toMillis() / 4);
        leaseTimer = vertx.setPeriodic(period, id -> workers.execute(() -> {
            try {
                sessionLeases.renew(Instant.now());
            } catch (StoreException e) {
                LOG.warnf("IMAP session leases not renewed: %s", e.getMessage());
            }
        }));
    }

    private TlsConfig tlsConfig() {
        if (certificate.isEmpty() || privateKey.isEmpty()) {
            LOG.warn("IMAP: no TLS certificate (mailstream.tls.cert / mailstream.tls.key): no STARTTLS, no IMAPS"
                    + " listener, and logins are accepted only from loopback addresses");
            return null;
        }
        return new TlsConfig(Path.of(certificate.get()), Path.of(privateKey.get()));
    }

    private static ProtocolHandlerFactory factory(ImapServices services) {
        return new ProtocolHandlerFactory() {
            @Override
            public ProtocolHandler create(Connection connection) {
                return new ImapSession(connection, services);
            }

            @Override
            public String busyReply() {
                return "* BYE Too many connections, try again later\r\n";
            }
        };
    }

    /** Shutdown, step one (before other observers): both listeners start draining at once, as POP3's do. */
    void beginDrain(@Observes @Priority(1) ShutdownEvent event) {
        drain(config.drainTimeout());
    }

    /**
     * Stops serving new connections; sessions get {@code * BYE} once their command in progress is
     * answered (IDLE ones at once), and are closed at {@code bound}. Completes when none is left.
     */
    public synchronized CompletableFuture<Void> drain(Duration bound) {
        return TcpListener.drainAll(bound, listener, implicitTls);
    }

    void stop(@Observes ShutdownEvent event) {
        TcpListener.awaitDrained(drain(config.drainTimeout()), config.drainTimeout(), "IMAP");
        if (idleTimer >= 0) {
            vertx.cancelTimer(idleTimer);
        }
        if (leaseTimer >= 0) {
            vertx.cancelTimer(leaseTimer);
        }
        if (listener != null) {
            listener.stop();
        }
        if (implicitTls != null) {
            implicitTls.stop();
        }
        if (workers != null) {
            workers.shutdown();
            try {
                workers.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The bound port (useful when configured as 0), or -1 when not listening. */
    public int port() {
        return listener == null ? -1 : listener.port();
    }

    /** The bound implicit-TLS port, or -1 when there is none (no certificate). */
    public int imapsPort() {
        return implicitTls == null ? -1 : implicitTls.port();
    }

    public boolean isListening() {
        return listener != null && listener.isListening() && (implicitTls == null || implicitTls.isListening());
    }

    IdleRegistry idleRegistry() {
        return idle;
    }

    private static ThreadFactory namedThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "imap-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
