package io.mailstream.mailbox.imap.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import io.mailstream.mailbox.access.MailboxAccess;
import io.mailstream.mailbox.imap.LoopbackImapServer;
import io.mailstream.mailbox.imap.process.AccountLimits;
import io.mailstream.store.BlobStore;
import io.mailstream.store.Directory;
import io.mailstream.store.HeaderSection;
import io.mailstream.store.Mailbox;
import io.mailstream.store.MailboxStore;
import io.mailstream.store.MessageStore;
import io.mailstream.store.StoreDatabase;
import io.mailstream.store.StoredMessage;
import io.mailstream.testkit.EmbeddedMongo;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * IMAP operations per second and latency: {@code clients} concurrent clients on one account's
 * 1,000-message INBOX, each repeating LOGIN, SELECT, FETCH 1:* (FLAGS ENVELOPE), FETCH one body,
 * STORE +FLAGS \Seen, SEARCH UNSEEN, LOGOUT. The server is the real session code on a real {@link TcpListener}
 * and the real store on the in-process Mongo-wire server (no Quarkus, no Kafka, no TLS). LOGIN
 * includes a bcrypt check, as in production. Skipped unless asked for:
 *
 * <pre>
 * mvn -o -q -pl mailbox-api test -Dtest=ImapBenchmark -Dmailstream.bench=true \
 *     [-Dmailstream.bench.clients=20,100] [-Dmailstream.bench.messages=1000] [-Dmailstream.bench.rounds=5]
 * </pre>
 * It prints, per client count, operations per second and p50/p99 latency per operation.
 */
@EnabledIfSystemProperty(named = "mailstream.bench", matches = "true")
class ImapBenchmark {

    private static final String CLIENTS = System.getProperty("mailstream.bench.clients", "20,100");
    private static final int MESSAGES = Integer.getInteger("mailstream.bench.messages", 1000);
    private static final int ROUNDS = Integer.getInteger("mailstream.bench.rounds", 5);
    private static final String USER = "bench@imap-bench.test";
    private static final String PASSWORD = "bench-password";

    enum Op { LOGIN, SELECT, FETCH_ALL, FETCH_BODY, STORE, SEARCH, LOGOUT }

    @Test
    void operationsPerSecond() throws Exception {
        MongoClient client = MongoClients.create(EmbeddedMongo.start());
        MongoDatabase db = StoreDatabase.open(client, "imapbench" + System.nanoTime());
        Directory directory = new Directory(db);
        MailboxStore mailboxes = new MailboxStore(db);
        MessageStore messages = new MessageStore(db);
        BlobStore blobs = new BlobStore(db);
        directory.addDomain("imap-bench.test");
        directory.addUser(USER, PASSWORD);
        seed(mailboxes, messages, blobs);
        MailboxAccess access = new MailboxAccess(mailboxes, messages, blobs);
        LoopbackImapServer server = new LoopbackImapServer("imap-bench", access, directory, AccountLimits.unlimited(), 32, 1000);
        int port = server.port;
        try {
            run(port, 2, 1); // warm-up (JIT), not reported
            for (String n : CLIENTS.split(",")) {
                run(port, Integer.parseInt(n.strip()), ROUNDS);
            }
        } finally {
            server.close();
            client.close();
        }
    }

    private static void seed(MailboxStore mailboxes, MessageStore messages, BlobStore blobs) {
        long start = System.nanoTime();
        Mailbox inbox = mailboxes.ensure(USER, Mailbox.INBOX, null);
        MailboxStore.Allocation first = mailboxes.allocateUids(inbox.id(), MESSAGES);
        for (int i = 0; i < MESSAGES; i++) {
            byte[] raw = ("From: Sender " + i + " <sender" + i + "@example.test>\r\nTo: " + USER + "\r\nSubject: message "
                    + i + "\r\nDate: Mon, 2 Mar 2026 10:00:00 +0000\r\nMessage-ID: <" + i + "@example.test>\r\n\r\n"
                    + ("Body line of message " + i + ".\r\n").repeat(40)).getBytes(StandardCharsets.UTF_8);
            String blobId = blobs.put(raw);
            messages.insert(new StoredMessage("bench" + i + "/" + USER, inbox.id(), first.uid() + i, first.modSeq(),
                    Set.of(), new Date(), raw.length, blobId, "bench" + i, USER, HeaderSection.of(raw)));
        }
        System.out.printf("imap bench: seeded %d messages in %.1f s%n", MESSAGES, (System.nanoTime() - start) / 1e9);
    }

    private static void run(int port, int clients, int rounds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<Map<Op, List<Long>>>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            futures.add(pool.submit(() -> client(port, rounds)));
        }
        Map<Op, List<Long>> all = new EnumMap<>(Op.class);
        for (Future<Map<Op, List<Long>>> f : futures) {
            f.get().forEach((op, times) -> all.computeIfAbsent(op, o -> new ArrayList<>()).addAll(times));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        long ops = all.values().stream().mapToLong(List::size).sum();
        StringBuilder sb = new StringBuilder(String.format("imap bench: %d clients x %d rounds: %.0f ops/s (%d ops in"
                + " %.1f s)", clients, rounds, ops / seconds, ops, seconds));
        List<Long> every = new ArrayList<>();
        for (Map.Entry<Op, List<Long>> e : all.entrySet()) {
            every.addAll(e.getValue());
            sb.append(String.format("%n  %-10s p50 %6.1f ms  p99 %6.1f ms", e.getKey(), pct(e.getValue(), 50),
                    pct(e.getValue(), 99)));
        }
        sb.append(String.format("%n  %-10s p50 %6.1f ms  p99 %6.1f ms", "ALL", pct(every, 50), pct(every, 99)));
        System.out.println(sb);
        assertThat(ops).isEqualTo((long) clients * rounds * Op.values().length);
    }

    private static double pct(List<Long> nanos, int p) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int i = Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1);
        return sorted.get(Math.max(0, i)) / 1e6;
    }

    private static Map<Op, List<Long>> client(int port, int rounds) throws IOException {
        Map<Op, List<Long>> times = new EnumMap<>(Op.class);
        for (int r = 0; r < rounds; r++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(120_000);
                InputStream in = new BufferedInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                readLine(in); // greeting
                int n = ThreadLocalRandom.current().nextInt(1, MESSAGES + 1);
                timed(times, Op.LOGIN, in, out, "a LOGIN " + USER + " " + PASSWORD);
                timed(times, Op.SELECT, in, out, "b SELECT INBOX");
                timed(times, Op.FETCH_ALL, in, out, "c FETCH 1:* (FLAGS ENVELOPE)");
                timed(times, Op.FETCH_BODY, in, out, "d FETCH " + n + " BODY.PEEK[]");
                timed(times, Op.STORE, in, out, "e STORE " + n + " +FLAGS (\\Seen)");
                timed(times, Op.SEARCH, in, out, "g SEARCH UNSEEN");
                timed(times, Op.LOGOUT, in, out, "f LOGOUT");
            }
        }
        return times;
    }

    private static void timed(Map<Op, List<Long>> times, Op op, InputStream in, OutputStream out, String command)
            throws IOException {
        String tag = command.substring(0, command.indexOf(' '));
        long start = System.nanoTime();
        out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        while (true) {
            String line = readLine(in);
            if (line.startsWith(tag + " ")) {
                if (!line.startsWith(tag + " OK")) {
                    throw new IOException(command + " failed: " + line);
                }
                break;
            }
        }
        times.computeIfAbsent(op, o -> new ArrayList<>()).add(System.nanoTime() - start);
    }

    /** One response line; the octets of any literal it announces are read and skipped. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed");
            }
            if (c == '\n') {
                String text = line.toString(StandardCharsets.UTF_8);
                int open = text.lastIndexOf('{');
                if (text.endsWith("}") && open >= 0) {
                    in.readNBytes(Integer.parseInt(text.substring(open + 1, text.length() - 1)));
                    line.reset();
                    continue;
                }
                return text;
            }
            if (c != '\r') {
                line.write(c);
            }
        }
    }
}
