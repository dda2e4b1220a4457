package io.mailstream.mailbox.imap.bench;

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
import io.mailstream.store.summary.MessageSummarizer;
import io.mailstream.testkit.EmbeddedMongo;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * What the message summary stored at delivery saves: one session runs FETCH 1:* ENVELOPE,
 * FETCH 1:* BODYSTRUCTURE and SEARCH BODY (a string no message holds, so every text is looked
 * through) on a mailbox of multipart messages whose records have no summary (IMAP reads the stored
 * header, and for BODYSTRUCTURE and SEARCH every body from the blob store, and parses) and on the
 * same messages with summaries (search text included). Skipped unless asked for:
 *
 * <pre>
 * mvn -o -q -pl mailbox-api test -Dtest=FetchSummaryBenchmark -Dmailstream.bench=true \
 *     [-Dmailstream.bench.messages=1000] [-Dmailstream.bench.rounds=7]
 * </pre>
 * It prints the median time of each command per mailbox.
 */
@EnabledIfSystemProperty(named = "mailstream.bench", matches = "true")
class FetchSummaryBenchmark {

    private static final int MESSAGES = Integer.getInteger("mailstream.bench.messages", 1000);
    private static final int ROUNDS = Integer.getInteger("mailstream.bench.rounds", 7);
    private static final String USER = "fetch@imap-bench.test";
    private static final String PASSWORD = "bench-password";

    @Test
    void fetchWithAndWithoutSummaries() throws Exception {
        MongoClient client = MongoClients.create(EmbeddedMongo.start());
        MongoDatabase db = StoreDatabase.open(client, "fetchbench" + System.nanoTime());
        Directory directory = new Directory(db);
        MailboxStore mailboxes = new MailboxStore(db);
        MessageStore messages = new MessageStore(db);
        BlobStore blobs = new BlobStore(db);
        directory.addDomain("imap-bench.test");
        directory.addUser(USER, PASSWORD);
        seed(mailboxes, messages, blobs, "Parsed", false);
        seed(mailboxes, messages, blobs, "Summarised", true);
        LoopbackImapServer server = new LoopbackImapServer("fetch-bench", new MailboxAccess(mailboxes, messages, blobs),
                directory, AccountLimits.unlimited(), 4, 10);
        int port = server.port;
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(300_000);
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            readLine(in);
            send(in, out, "a LOGIN " + USER + " " + PASSWORD);
            for (String box : List.of("Parsed", "Summarised", "Parsed", "Summarised")) { // first pair: warm-up
                send(in, out, "s SELECT " + box);
                List<Long> envelope = new ArrayList<>();
                List<Long> structure = new ArrayList<>();
                List<Long> search = new ArrayList<>();
                for (int r = 0; r < ROUNDS; r++) {
                    envelope.add(send(in, out, "e FETCH 1:* (ENVELOPE)"));
                    structure.add(send(in, out, "b FETCH 1:* (BODYSTRUCTURE)"));
                    search.add(send(in, out, "q SEARCH BODY \"in no message\""));
                }
                System.out.printf("fetch bench %-10s %d messages: FETCH 1:* ENVELOPE median %.1f ms, "
                        + "FETCH 1:* BODYSTRUCTURE median %.1f ms, SEARCH BODY (no match) median %.1f ms%n", box,
                        MESSAGES, median(envelope), median(structure), median(search));
            }
        } finally {
            server.close();
            client.close();
        }
    }

    private static void seed(MailboxStore mailboxes, MessageStore messages, BlobStore blobs, String name,
            boolean summaries) {
        Mailbox box = mailboxes.ensure(USER, name, null);
        MailboxStore.Allocation first = mailboxes.allocateUids(box.id(), MESSAGES);
        for (int i = 0; i < MESSAGES; i++) {
            byte[] raw = message(i);
            String blobId = blobs.put(raw);
            messages.insert(new StoredMessage(name + i + "/" + USER, box.id(), first.uid() + i, first.modSeq(),
                    Set.of(), new Date(), raw.length, blobId, name + i, USER, HeaderSection.of(raw),
                    summaries ? MessageSummarizer.summarize(raw) : null));
        }
    }

    /** A typical message: a dozen trace fields, text and HTML alternatives, a 30 KB attachment. */
    private static byte[] message(int i) {
        StringBuilder m = new StringBuilder();
        for (int r = 0; r < 12; r++) {
            m.append("Received: from relay").append(r).append(".example.test (relay").append(r)
                    .append(".example.test [192.0.2.").append(r).append("])\r\n\tby mx.example.test with ESMTPS id ")
                    .append(i * 100 + r).append("; Mon, 2 Mar 2026 10:00:00 +0000\r\n");
        }
        m.append("From: Sender ").append(i).append(" <sender").append(i).append("@example.test>\r\nTo: ").append(USER)
                .append(", \"Team, All\" <team@example.test>\r\nSubject: =?utf-8?q?message_").append(i)
                .append("?=\r\nDate: Mon, 2 Mar 2026 10:00:00 +0000\r\nMessage-ID: <").append(i)
                .append("@example.test>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"m\"\r\n\r\n")
                .append("--m\r\nContent-Type: multipart/alternative; boundary=\"a\"\r\n\r\n--a\r\n")
                .append("Content-Type: text/plain; charset=utf-8\r\n\r\n")
                .append("Body line of the message.\r\n".repeat(40)).append("--a\r\nContent-Type: text/html\r\n\r\n")
                .append("<p>Body line of the message.</p>\r\n".repeat(40)).append("--a--\r\n--m\r\n")
                .append("Content-Type: application/pdf; name=\"r.pdf\"\r\nContent-Transfer-Encoding: base64\r\n")
                .append("Content-Disposition: attachment; filename=\"r.pdf\"\r\n\r\n")
                .append(("QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAx\r\n").repeat(400))
                .append("--m--\r\n");
        return m.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static double median(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2) / 1e6;
    }

    /** Sends a command and reads to its tagged OK; returns the time taken. */
    private static long send(InputStream in, OutputStream out, String command) throws IOException {
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
                return System.nanoTime() - start;
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            line.append((char) c);
        }
        return line.toString();
    }
}
