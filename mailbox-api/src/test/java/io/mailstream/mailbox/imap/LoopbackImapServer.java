package io.mailstream.mailbox.imap;

import io.mailstream.mailbox.access.MailboxAccess;
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

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One IMAP server instance on a loopback TCP listener without Quarkus: the real sessions over a
 * given store, so tests can run several instances against one database as a cluster does.
 */
public final class LoopbackImapServer implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final ExecutorService workers;
    private final TcpListener listener;
    public final int port;

    LoopbackImapServer(MailboxAccess access, Directory directory, AccountLimits accounts) {
        this("imap-test", access, directory, accounts, 4, 100);
    }

    /** With {@code threads} session workers and room for {@code maxConnections} (benchmarks raise both). */
    public LoopbackImapServer(String name, MailboxAccess access, Directory directory, AccountLimits accounts,
            int threads, int maxConnections) {
        workers = Executors.newFixedThreadPool(threads);
        ImapServices services = new ImapServices(new ImapCommands(), access,
                new Authenticator(directory, 1000, Duration.ofMinutes(5)), new IdleRegistry(), workers,
                new ImapMetrics(new SimpleMeterRegistry()), ImapLimits.defaults(), SessionPolicy.defaults(), accounts);
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

    /** A client connection; the greeting is read. */
    Client connect() throws IOException {
        return new Client(new Socket("127.0.0.1", port));
    }

    @Override
    public void close() {
        listener.stop();
        vertx.close().toCompletionStage().toCompletableFuture().join(); // connections first, then their workers
        workers.shutdownNow();
    }

    /** A raw line-oriented IMAP client. */
    static final class Client implements AutoCloseable {
        private final Socket socket;
        private final BufferedReader in;
        private final OutputStream out;
        final String greeting;

        Client(Socket socket) throws IOException {
            this.socket = socket;
            socket.setSoTimeout(20_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out = socket.getOutputStream();
            greeting = in.readLine();
        }

        /** Sends {@code tag command} and returns every line up to and including the tagged one. */
        List<String> send(String tag, String command) throws IOException {
            out.write((tag + " " + command + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            List<String> lines = new ArrayList<>();
            String line;
            do {
                line = in.readLine();
                if (line == null) {
                    throw new IOException("connection closed after " + lines);
                }
                lines.add(line);
            } while (!line.startsWith(tag + " "));
            return lines;
        }

        /** The tagged reply alone. */
        String tagged(String tag, String command) throws IOException {
            List<String> lines = send(tag, command);
            return lines.get(lines.size() - 1);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
