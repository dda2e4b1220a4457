package io.mailstream.smtp;

import io.mailstream.net.ListenerOptions;
import io.mailstream.net.TcpListener;
import io.mailstream.smtp.command.CommandRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Opens the MX listener when the application starts and closes it on shutdown. Sessions run on
 * a worker pool of their own, so a session waiting for MongoDB or Kafka never holds an event loop.
 */
@Singleton
public class SmtpServer {

    private static final Logger LOG = Logger.getLogger(SmtpServer.class);

    private final Vertx vertx;
    private final SmtpConfig config;
    private final String hostname;
    private final RecipientPolicy policy;
    private final MessageSink sink;
    private final SmtpMetrics metrics;
    private ExecutorService workers;
    private volatile TcpListener listener;

    @Inject
    public SmtpServer(Vertx vertx, SmtpConfig config,
            @ConfigProperty(name = "mailstream.hostname", defaultValue = "localhost") String hostname,
            DirectoryRecipientPolicy policy, DurableMessageSink sink, SmtpMetrics metrics) {
        this.vertx = vertx;
        this.config = config;
        this.hostname = hostname;
        this.policy = policy;
        this.sink = sink;
        this.metrics = metrics;
    }

    void start(@Observes StartupEvent event) {
        SmtpSettings settings = new SmtpSettings(hostname, config.maxMessageSize(), config.maxRecipients(),
                config.maxErrors(), SmtpSettings.DEFAULT_MAX_DATA_LINE, config.postmasterDomain().orElse(hostname));
        workers = Executors.newFixedThreadPool(config.workerThreads(), named("smtp-worker-"));
        TcpListener l = new TcpListener(vertx, "smtp", new ListenerOptions(config.host(), config.port(),
                config.maxConnections(), (int) config.idleTimeout().toSeconds()),
                new SmtpSessionFactory(settings, CommandRegistry.mx(), policy, sink, metrics), workers);
        l.start();
        listener = l;
    }

    void stop(@Observes ShutdownEvent event) {
        TcpListener l = listener;
        listener = null;
        if (l != null) {
            l.stop();
        }
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

    /** The bound port (the real one when configured as 0), or -1 when not listening. */
    public int port() {
        TcpListener l = listener;
        return l == null ? -1 : l.port();
    }

    public boolean isListening() {
        TcpListener l = listener;
        return l != null && l.isListening();
    }

    public int activeConnections() {
        TcpListener l = listener;
        return l == null ? 0 : l.activeConnections();
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
