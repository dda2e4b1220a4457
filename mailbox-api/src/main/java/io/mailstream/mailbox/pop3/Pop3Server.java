package io.mailstream.mailbox.pop3;

import io.mailstream.net.Connection;
import io.mailstream.net.ListenerOptions;
import io.mailstream.net.ProtocolHandler;
import io.mailstream.net.ProtocolHandlerFactory;
import io.mailstream.net.TcpListener;
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
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Starts the POP3 listener with the application and stops it on shutdown. */
@ApplicationScoped
public class Pop3Server {

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

    private ExecutorService workers;
    private TcpListener listener;

    void start(@Observes StartupEvent event) {
        Pop3Metrics metrics = new Pop3Metrics(registry);
        Pop3Commands commands = Pop3Commands.standard();
        workers = Executors.newFixedThreadPool(config.workerThreads(), named("pop3-worker-"));
        listener = new TcpListener(vertx, "pop3",
                new ListenerOptions(config.host(), config.port(), config.maxConnections(), config.idleTimeoutSeconds()),
                new ProtocolHandlerFactory() {
                    @Override
                    public ProtocolHandler create(Connection connection) {
                        return new Pop3Session(connection, maildrops, commands, metrics, hostname);
                    }

                    @Override
                    public String busyReply() {
                        return new String(Pop3Replies.BUSY.encode(), java.nio.charset.StandardCharsets.US_ASCII);
                    }
                }, workers);
        listener.start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (listener != null) {
            listener.stop();
        }
        if (workers != null) {
            workers.shutdownNow();
        }
    }

    /** The bound port (the real one when configured with 0), or -1 when not listening. */
    public int port() {
        return listener == null ? -1 : listener.port();
    }

    public boolean isListening() {
        return listener != null && listener.isListening();
    }

    public int activeConnections() {
        return listener == null ? 0 : listener.activeConnections();
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
