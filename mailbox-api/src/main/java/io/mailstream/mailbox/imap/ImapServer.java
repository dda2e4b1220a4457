package io.mailstream.mailbox.imap;

import io.mailstream.mailbox.access.MailboxAccess;
import io.mailstream.net.Connection;
import io.mailstream.net.ListenerOptions;
import io.mailstream.net.ProtocolHandler;
import io.mailstream.net.ProtocolHandlerFactory;
import io.mailstream.net.TcpListener;
import io.mailstream.store.Directory;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Starts the IMAP listener with the application and stops it with it. */
@ApplicationScoped
public class ImapServer {

    private final Vertx vertx;
    private final ImapConfig config;
    private final MailboxAccess access;
    private final Directory directory;
    private final ImapMetrics metrics;
    private final ImapCommands commands = new ImapCommands();
    private ExecutorService workers;
    private TcpListener listener;

    @Inject
    public ImapServer(Vertx vertx, ImapConfig config, MailboxAccess access, Directory directory,
            MeterRegistry registry) {
        this.vertx = vertx;
        this.config = config;
        this.access = access;
        this.directory = directory;
        this.metrics = new ImapMetrics(registry);
    }

    void start(@Observes StartupEvent event) {
        workers = Executors.newFixedThreadPool(config.workerThreads(), namedThreads());
        ImapLimits limits = config.limits();
        listener = new TcpListener(vertx, "imap",
                new ListenerOptions(config.host(), config.port(), config.maxConnections(),
                        (int) config.idleTimeout().toSeconds()),
                new ProtocolHandlerFactory() {
                    @Override
                    public ProtocolHandler create(Connection connection) {
                        return new ImapSession(connection, commands, access, directory, metrics, limits);
                    }

                    @Override
                    public String busyReply() {
                        return "* BYE Too many connections, try again later\r\n";
                    }
                }, workers);
        listener.start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (listener != null) {
            listener.stop();
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

    public boolean isListening() {
        return listener != null && listener.isListening();
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
