package io.mailstream.smtp;

import io.mailstream.net.ListenerOptions;
import io.mailstream.net.TcpListener;
import io.mailstream.net.TlsConfig;
import io.mailstream.smtp.command.CommandRegistry;
import io.mailstream.store.Authenticator;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Opens the SMTP listeners when the application starts and closes them on shutdown: MX always;
 * submission (STARTTLS) and implicit TLS only when a certificate and key are configured. Each
 * listener has its own {@link ListenerPolicy}; all share one worker pool (a session waiting for
 * MongoDB, Kafka or bcrypt never holds an event loop) and one per-client connection count.
 */
@Singleton
public class SmtpServer {

    private static final Logger LOG = Logger.getLogger(SmtpServer.class);

    private final Vertx vertx;
    private final SmtpConfig config;
    private final String hostname;
    private final RecipientPolicy policy;
    private final SenderPolicy senders;
    private final MessageSink sink;
    private final Authenticator authenticator;
    private final SmtpMetrics metrics;
    private final Optional<String> tlsCert;
    private final Optional<String> tlsKey;
    private ExecutorService workers;
    private final Map<String, TcpListener> listeners = new LinkedHashMap<>();

    @Inject
    public SmtpServer(Vertx vertx, SmtpConfig config,
            @ConfigProperty(name = "mailstream.hostname", defaultValue = "localhost") String hostname,
            @ConfigProperty(name = "mailstream.tls.cert") Optional<String> tlsCert,
            @ConfigProperty(name = "mailstream.tls.key") Optional<String> tlsKey,
            DirectoryRecipientPolicy policy, DirectorySenderPolicy senders, DurableMessageSink sink,
            Authenticator authenticator, SmtpMetrics metrics) {
        this.vertx = vertx;
        this.config = config;
        this.hostname = hostname;
        this.tlsCert = tlsCert;
        this.tlsKey = tlsKey;
        this.policy = policy;
        this.senders = senders;
        this.sink = sink;
        this.authenticator = authenticator;
        this.metrics = metrics;
    }

    synchronized void start(@Observes StartupEvent event) {
        SmtpSettings settings = new SmtpSettings(hostname, config.maxMessageSize(), config.maxRecipients(),
                config.maxErrors(), SmtpSettings.DEFAULT_MAX_DATA_LINE, config.postmasterDomain().orElse(hostname),
                config.greetingDelay(), config.auth().allowPlaintextLoopback(), config.dataTimeout(),
                config.minDataRate());
        workers = Executors.newFixedThreadPool(config.workerThreads(), named("smtp-worker-"));
        ConnectionLimiter limiter = new ConnectionLimiter(config.maxConnectionsPerIp());
        GreetingTimer timer = (delay, task) -> vertx.setTimer(Math.max(1, delay.toMillis()), id -> workers.execute(task));
        CommandRegistry commands = CommandRegistry.standard();
        TlsConfig tls = tls();

        open(ListenerPolicy.MX, config.port(), tls, false,
                new SessionServices(settings, ListenerPolicy.MX, commands, policy, sink, authenticator::authenticate,
                        limiter, timer, metrics, Clock.systemUTC(), senders));
        if (tls == null) {
            LOG.warn("mailstream.tls.cert / mailstream.tls.key not set: no STARTTLS, and the submission and "
                    + "implicit-TLS listeners are not started");
            return;
        }
        open(ListenerPolicy.SUBMISSION, config.submissionPort(), tls, false,
                new SessionServices(settings, ListenerPolicy.SUBMISSION, commands, policy, sink,
                        authenticator::authenticate, limiter, timer, metrics, Clock.systemUTC(), senders));
        open(ListenerPolicy.SMTPS, config.smtpsPort(), tls, true,
                new SessionServices(settings, ListenerPolicy.SMTPS, commands, policy, sink,
                        authenticator::authenticate, limiter, timer, metrics, Clock.systemUTC(), senders));
    }

    private TlsConfig tls() {
        if (tlsCert.isEmpty() || tlsKey.isEmpty()) {
            return null;
        }
        return new TlsConfig(Path.of(tlsCert.get()), Path.of(tlsKey.get()));
    }

    private void open(ListenerPolicy policy, int port, TlsConfig tls, boolean implicitTls, SessionServices services) {
        TcpListener l = new TcpListener(vertx, "smtp-" + policy.name(), new ListenerOptions(config.host(), port,
                config.maxConnections(), (int) config.idleTimeout().toSeconds(), tls, implicitTls, config.proxyProtocolOptions()),
                new SmtpSessionFactory(services), workers);
        l.start();
        listeners.put(policy.name(), l);
    }

    /**
     * Graceful shutdown, step one (before other shutdown observers, so Kafka and MongoDB are still
     * there for the messages in flight): every listener stops serving new connections and its
     * sessions are asked to finish, all at once. {@link #stop} waits for them.
     */
    synchronized void drain(@Observes @Priority(1) ShutdownEvent event) {
        drain(config.drainTimeout());
    }

    /** Starts draining every listener (idempotent); completes when no SMTP connection is left. */
    public synchronized CompletableFuture<Void> drain(Duration bound) {
        return TcpListener.drainAll(bound, listeners.values().toArray(TcpListener[]::new));
    }

    void stop(@Observes ShutdownEvent event) {
        // Waits outside the lock, so the health check keeps answering (not ready) meanwhile.
        TcpListener.awaitDrained(drain(config.drainTimeout()), config.drainTimeout(), "SMTP");
        closeListeners();
    }

    private synchronized void closeListeners() {
        listeners.values().forEach(TcpListener::stop);
        listeners.clear();
        if (workers != null) {
            workers.shutdown();
            try {
                if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                    LOG.warn("SMTP sessions still running at shutdown");
                    workers.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The MX port (the real one when configured as 0), or -1 when not listening. */
    public int port() {
        return port(ListenerPolicy.MX.name());
    }

    public int submissionPort() {
        return port(ListenerPolicy.SUBMISSION.name());
    }

    public int smtpsPort() {
        return port(ListenerPolicy.SMTPS.name());
    }

    public synchronized int port(String listener) {
        TcpListener l = listeners.get(listener);
        return l == null ? -1 : l.port();
    }

    /** Listener name to bound port, for the health check. */
    public synchronized Map<String, Integer> ports() {
        Map<String, Integer> out = new LinkedHashMap<>();
        listeners.forEach((name, l) -> out.put(name, l.port()));
        return out;
    }

    public synchronized boolean isListening() {
        return !listeners.isEmpty() && listeners.values().stream().allMatch(TcpListener::isListening);
    }

    public synchronized int activeConnections() {
        return listeners.values().stream().mapToInt(TcpListener::activeConnections).sum();
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
