package io.mailstream.mailbox.imap.bench;

import io.mailstream.mailbox.access.MailboxAccess;
import io.mailstream.mailbox.imap.IdleRegistry;
import io.mailstream.mailbox.imap.ImapCommands;
import io.mailstream.mailbox.imap.ImapLimits;
import io.mailstream.mailbox.imap.ImapMetrics;
import io.mailstream.mailbox.imap.ImapServices;
import io.mailstream.mailbox.imap.ImapSession;
import io.mailstream.mailbox.imap.process.AccountLimits;
import io.mailstream.mailbox.imap.process.SessionPolicy;
import io.mailstream.net.Connection;
import io.mailstream.net.ListenerOptions;
import io.mailstream.net.ProtocolHandler;
import io.mailstream.net.ProtocolHandlerFactory;
import io.mailstream.net.TcpListener;
import io.mailstream.store.Authenticator;
import io.mailstream.store.Directory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The real IMAP code on a loopback TCP listener, without Quarkus, for the in-process benchmarks:
 * the same services the server wires, limits raised out of the way.
 */
final class BenchImapServer implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final ExecutorService workers;
    private final TcpListener listener;
    final int port;

    BenchImapServer(String name, MailboxAccess access, Directory directory, int threads, int maxConnections) {
        workers = Executors.newFixedThreadPool(threads);
        ImapServices services = new ImapServices(new ImapCommands(), access,
                new Authenticator(directory, 1000, Duration.ofMinutes(5)), new IdleRegistry(), workers,
                new ImapMetrics(new SimpleMeterRegistry()), ImapLimits.defaults(), SessionPolicy.defaults(),
                new AccountLimits(a -> Optional.empty(), 10_000));
        listener = new TcpListener(vertx, name, new ListenerOptions("127.0.0.1", 0, maxConnections, 600),
                new ProtocolHandlerFactory() {
                    @Override
                    public ProtocolHandler create(Connection connection) {
                        return new ImapSession(connection, services);
                    }

                    @Override
                    public String busyReply() {
                        return "* BYE busy\r\n";
                    }
                }, workers);
        port = listener.start();
    }

    @Override
    public void close() {
        listener.stop();
        workers.shutdownNow();
        vertx.close();
    }
}
