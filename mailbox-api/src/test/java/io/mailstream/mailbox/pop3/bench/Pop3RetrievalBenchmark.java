package io.mailstream.mailbox.pop3.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import io.mailstream.mailbox.access.MailboxAccess;
import io.mailstream.mailbox.pop3.MaildropLocks;
import io.mailstream.mailbox.pop3.MaildropService;
import io.mailstream.mailbox.pop3.Pop3Commands;
import io.mailstream.mailbox.pop3.Pop3Config;
import io.mailstream.mailbox.pop3.Pop3Metrics;
import io.mailstream.mailbox.pop3.Pop3Session;
import io.mailstream.net.Connection;
import io.mailstream.net.ListenerOptions;
import io.mailstream.net.ProtocolHandler;
import io.mailstream.net.ProtocolHandlerFactory;
import io.mailstream.net.TcpListener;
import io.mailstream.net.TlsConfig;
import io.mailstream.store.Authenticator;
import io.mailstream.store.BlobStore;
import io.mailstream.store.Directory;
import io.mailstream.store.Mailbox;
import io.mailstream.store.MailboxStore;
import io.mailstream.store.MessageStore;
import io.mailstream.store.StoreDatabase;
import io.mailstream.store.StoredMessage;
import io.mailstream.testkit.EmbeddedMongo;
import io.mailstream.testkit.TestTls;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * POP3 messages retrieved per second: {@code CLIENTS} concurrent clients, each logged in to its own
 * maildrop of {@code MESSAGES} messages (a maildrop is locked to one session, so 20 clients need 20
 * maildrops), each doing what fetchmail and Thunderbird do: LIST, UIDL, then RETR of every message
 * in order, over POP3S or plain POP3. The server is the real session code on a real
 * {@link TcpListener} and the real store on the in-process Mongo-wire server; no Quarkus and no
 * Kafka, so the figure is about POP3 and the store. Skipped unless asked for:
 *
 * <pre>
 * mvn -o -q -pl mailbox-api test -Dtest=Pop3RetrievalBenchmark -Dmailstream.bench=true \
 *     [-Dmailstream.bench.runs=5] [-Dmailstream.bench.clients=20] [-Dmailstream.bench.messages=1000] \
 *     [-Dmailstream.bench.size=4096] [-Dmailstream.bench.warmup=1] [-Dmailstream.bench.tls=false] \
 *     [-Dmailstream.bench.read-ahead=0]
 * </pre>
 * {@code size} makes every message that many octets (default: a mix of about 2-6 KB);
 * {@code read-ahead} is the session's read-ahead budget in octets (0: one query per RETR). It prints
 * one line per run (messages per second, RETR latency percentiles as the client sees them) and the
 * medians; a warm-up run (JIT) is not counted.
 */
@EnabledIfSystemProperty(named = "mailstream.bench", matches = "true")
class Pop3RetrievalBenchmark {

    private static final int CLIENTS = Integer.getInteger("mailstream.bench.clients", 20);
    private static final int MESSAGES = Integer.getInteger("mailstream.bench.messages", 1000);
    private static final int RUNS = Integer.getInteger("mailstream.bench.runs", 5);
    private static final int WARMUP = Integer.getInteger("mailstream.bench.warmup", 1);
    private static final int SIZE = Integer.getInteger("mailstream.bench.size", 0);
    private static final long READ_AHEAD = Long.getLong("mailstream.bench.read-ahead",
            Pop3Config.DEFAULT_READ_AHEAD_BYTES);
    private static final boolean TLS = Boolean.parseBoolean(System.getProperty("mailstream.bench.tls", "true"));
    private static final String PASSWORD = "bench password";

    @Test
    void messagesRetrievedPerSecond() throws Exception {
        Vertx vertx = Vertx.vertx();
        ExecutorService workers = Executors.newFixedThreadPool(16);
        try (MongoClient client = MongoClients.create(EmbeddedMongo.start())) {
            MongoDatabase db = StoreDatabase.open(client, "bench" + System.nanoTime());
            Directory directory = new Directory(db);
            BlobStore blobs = new BlobStore(db);
            MailboxStore mailboxes = new MailboxStore(db);
            MessageStore messages = new MessageStore(db);
            long seeding = System.nanoTime();
            List<String> users = seed(directory, blobs, mailboxes, messages);
            System.out.printf("pop3 bench: seeded %d maildrops of %d messages in %.1f s%n", CLIENTS, MESSAGES,
                    (System.nanoTime() - seeding) / 1e9);

            MaildropService service = new MaildropService(new Authenticator(directory, 1000, Duration.ofMinutes(5)),
                    new MailboxAccess(mailboxes, messages, blobs), blobs,
                    new MaildropLocks(db, "bench", Duration.ofMinutes(2), Clock.systemUTC()), READ_AHEAD);
            for (int i = 0; i < 3; i++) {
                long opening = System.nanoTime();
                int size = service.open(users.get(0)).size();
                System.out.printf("pop3 bench: snapshot of a %d-message maildrop (done at each login) in %.1f ms%n",
                        size, (System.nanoTime() - opening) / 1e6);
            }
            Pop3Commands commands = Pop3Commands.standard();
            Pop3Metrics metrics = new Pop3Metrics(new SimpleMeterRegistry());
            TlsConfig tls = new TlsConfig(TestTls.certificate(), TestTls.privateKey());
            TcpListener listener = new TcpListener(vertx, "pop3-bench",
                    new ListenerOptions("127.0.0.1", 0, 1000, 600, tls, TLS),
                    new ProtocolHandlerFactory() {
                        @Override
                        public ProtocolHandler create(Connection c) {
                            return new Pop3Session(c, service, commands, metrics, "bench", true);
                        }

                        @Override
                        public String busyReply() {
                            return "-ERR busy\r\n";
                        }
                    }, workers);
            int port = listener.start();

            for (int w = 0; w < WARMUP; w++) {
                System.out.printf("pop3 bench warm-up (not counted): %s%n", run(port, users));
            }
            List<Double> rates = new ArrayList<>();
            List<Double> p50s = new ArrayList<>();
            for (int run = 1; run <= RUNS; run++) {
                Result r = run(port, users);
                rates.add(r.rate());
                p50s.add(r.retrP50Ms());
                System.out.printf("pop3 bench run %d: %d clients x %d messages of %s octets (%s): %s%n", run, CLIENTS,
                        MESSAGES, SIZE > 0 ? SIZE : "2-6 K", TLS ? "POP3S" : "plain", r);
            }
            Collections.sort(rates);
            Collections.sort(p50s);
            System.out.printf("pop3 bench median of %d runs: %.0f messages/s, RETR p50 %.3f ms%n", RUNS,
                    rates.get(RUNS / 2), p50s.get(RUNS / 2));
            listener.stop();
        } finally {
            workers.shutdownNow();
            vertx.close();
        }
    }

    /** CLIENTS users, each with the same MESSAGES messages of about 2-6 KB (blobs are shared). */
    private static List<String> seed(Directory directory, BlobStore blobs, MailboxStore mailboxes,
            MessageStore messages) throws Exception {
        directory.addDomain("bench.test");
        List<String> blobIds = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            byte[] raw = message(i);
            blobIds.add(blobs.put(raw));
            sizes.add(raw.length);
        }
        List<String> users = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int u = 0; u < CLIENTS; u++) {
            String user = "user" + u + "@bench.test";
            directory.addUser(user, PASSWORD);
            users.add(user);
            done.add(pool.submit(() -> {
                Mailbox inbox = mailboxes.ensure(user, Mailbox.INBOX, null);
                for (int i = 0; i < MESSAGES; i++) {
                    MailboxStore.Allocation a = mailboxes.allocateUid(inbox.id());
                    messages.insert(new StoredMessage("m" + i + "/" + user, inbox.id(), a.uid(), a.modSeq(), Set.of(),
                            new Date(), sizes.get(i), blobIds.get(i), "m" + i, user,
                            "Subject: bench " + i + "\r\n"));
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        return users;
    }

    private static byte[] message(int i) {
        if (SIZE > 0) {
            return sized(i);
        }
        StringBuilder sb = new StringBuilder("From: sender@remote.test\r\nTo: user@bench.test\r\nSubject: bench ")
                .append(i).append("\r\nMessage-ID: <").append(i).append("@remote.test>\r\n\r\n");
        for (int line = 0; line < 40 + i % 80; line++) {
            sb.append(line % 10 == 0 ? ".dotted line " : "body line ").append(line).append(" of message ").append(i)
                    .append(" -- lorem ipsum dolor sit amet\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Exactly SIZE octets: headers, then 76-octet body lines, one in ten starting with a dot. */
    private static byte[] sized(int i) {
        StringBuilder sb = new StringBuilder("From: sender@remote.test\r\nTo: user@bench.test\r\nSubject: bench ")
                .append(i).append("\r\nMessage-ID: <").append(i).append("@remote.test>\r\n\r\n");
        for (int line = 0; sb.length() < SIZE; line++) {
            String text = (line % 10 == 0 ? ".dotted " : "body ") + i + "/" + line + " lorem ipsum dolor sit amet, "
                    + "consectetur adipiscing elit, sed do eiusmod";
            sb.append(text, 0, Math.min(text.length(), 74)).append("\r\n");
        }
        sb.setLength(SIZE - 2);
        if (sb.charAt(sb.length() - 1) == '\r') {
            sb.setCharAt(sb.length() - 1, '.');
        }
        return sb.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Login (USER, PASS: bcrypt, lock, snapshot of the maildrop) is not part of the rate. */
    record Result(double rate, double retrP50Ms, double retrP99Ms, double loginMaxMs) {
        @Override
        public String toString() {
            return String.format("%.0f messages/s, RETR p50 %.3f ms, p99 %.3f ms; slowest login %.0f ms", rate,
                    retrP50Ms, retrP99Ms, loginMaxMs);
        }
    }

    /** All clients log in at once, LIST, UIDL, RETR every message, QUIT; returns messages per second. */
    private static Result run(int port, List<String> users) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(users.size());
        CountDownLatch ready = new CountDownLatch(users.size());
        CountDownLatch go = new CountDownLatch(1);
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        List<Long> logins = Collections.synchronizedList(new ArrayList<>());
        List<Future<Long>> results = new ArrayList<>();
        for (String user : users) {
            results.add(clients.submit(() -> {
                try (Socket socket = TLS ? TestTls.clientContext().getSocketFactory().createSocket("127.0.0.1", port)
                        : new Socket("127.0.0.1", port)) {
                    InputStream in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
                    OutputStream out = socket.getOutputStream();
                    expectOk(readLine(in));
                    long login = System.nanoTime();
                    out.write(("USER " + user + "\r\nPASS " + PASSWORD + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    expectOk(readLine(in));
                    expectOk(readLine(in));
                    logins.add(System.nanoTime() - login);
                    ready.countDown();
                    go.await();
                    out.write("LIST\r\n".getBytes(StandardCharsets.US_ASCII));
                    expectOk(readLine(in));
                    skipBody(in);
                    out.write("UIDL\r\n".getBytes(StandardCharsets.US_ASCII));
                    expectOk(readLine(in));
                    skipBody(in);
                    long retrieved = 0;
                    long[] mine = new long[MESSAGES];
                    for (int n = 1; n <= MESSAGES; n++) {
                        long t0 = System.nanoTime();
                        out.write(("RETR " + n + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        expectOk(readLine(in));
                        skipBody(in);
                        mine[n - 1] = System.nanoTime() - t0;
                        retrieved++;
                    }
                    for (long l : mine) {
                        latencies.add(l);
                    }
                    out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
                    expectOk(readLine(in));
                    return retrieved;
                }
            }));
        }
        ready.await();
        long start = System.nanoTime();
        go.countDown();
        long total = 0;
        for (Future<Long> f : results) {
            total += f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        clients.shutdown();
        assertThat(total).isEqualTo((long) users.size() * MESSAGES);
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return new Result(total / seconds, sorted.get(sorted.size() / 2) / 1e6,
                sorted.get((int) (sorted.size() * 0.99)) / 1e6, Collections.max(logins) / 1e6);
    }

    private static void expectOk(String line) {
        if (!line.startsWith("+OK")) {
            throw new IllegalStateException("unexpected reply: " + line);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("connection closed");
            }
            sb.append((char) b);
        }
        return sb.toString();
    }

    /** Reads a multi-line body up to and including the terminating ".". */
    private static void skipBody(InputStream in) throws IOException {
        while (!readLine(in).equals(".\r")) {
            // next line
        }
    }
}
