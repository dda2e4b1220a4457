package io.mailstream.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import io.mailstream.core.event.LocalDelivery;
import io.mailstream.store.BlobStore;
import io.mailstream.store.Directory;
import io.mailstream.store.HeaderSection;
import io.mailstream.store.MailboxStore;
import io.mailstream.store.MessageStore;
import io.mailstream.store.StoreDatabase;
import io.mailstream.store.StoredMessage;
import io.mailstream.testkit.EmbeddedMongo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile MIME is stored byte for byte (behind Return-Path and Delivered-To), with a bounded header
 * field, quickly: delivery never interprets the body, so nothing in it can make it crash or stall.
 */
class MalformedMimeTest {

    private static final String ALICE = "alice@example.test";
    private static MongoClient client;
    private static BlobStore blobs;
    private static MessageStore messages;
    private static MailboxDeliverer deliverer;

    @BeforeAll
    static void store() {
        client = MongoClients.create(EmbeddedMongo.start());
        MongoDatabase db = StoreDatabase.open(client, "mime" + System.nanoTime());
        blobs = new BlobStore(db);
        messages = new MessageStore(db);
        Directory directory = new Directory(db, Optional.empty());
        deliverer = new MailboxDeliverer(blobs, new MailboxStore(db), messages, directory, Duration.ofDays(1));
    }

    @AfterAll
    static void close() {
        client.close();
    }

    private static StoredMessage deliverIntactAndFast(String id, byte[] raw) {
        String blobId = blobs.put(raw);
        LocalDelivery d = new LocalDelivery(1, id, blobId, raw.length, "x@far.example", ALICE, ALICE, Instant.now());
        long start = System.nanoTime();
        MailboxDeliverer.Delivery done = deliverer.deliver(d, ALICE, raw, Instant.now());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).as("delivery time").isLessThan(Duration.ofSeconds(5));
        StoredMessage m = messages.find(done.mailbox().id(), done.uid()).orElseThrow();
        byte[] stored = blobs.get(m.blobId()).orElseThrow();
        byte[] prefix = MailboxDeliverer.withTraceFields("x@far.example", ALICE, new byte[0]);
        assertThat(Arrays.copyOfRange(stored, prefix.length, stored.length)).as("the received bytes, intact")
                .isEqualTo(raw);
        assertThat(m.size()).isEqualTo(stored.length);
        assertThat(m.header().length()).isLessThanOrEqualTo(HeaderSection.DEFAULT_LIMIT);
        return m;
    }

    @Test
    void aMultipartWithoutItsClosingBoundary() {
        String raw = "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\n"
                + "never closed\r\n".repeat(1000);
        assertThat(deliverIntactAndFast("unclosed", raw.getBytes(StandardCharsets.US_ASCII)).header())
                .isEqualTo("Return-Path: <x@far.example>\r\nDelivered-To: alice@example.test\r\n"
                        + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n");
    }

    @Test
    void tenThousandNestedMultiparts() {
        StringBuilder raw = new StringBuilder("Subject: deep\r\nContent-Type: multipart/mixed; boundary=\"b0\"\r\n\r\n");
        for (int i = 1; i <= 10_000; i++) {
            raw.append("--b").append(i - 1).append("\r\nContent-Type: multipart/mixed; boundary=\"b").append(i)
                    .append("\"\r\n\r\n");
        }
        raw.append("--b10000\r\nContent-Type: text/plain\r\n\r\nbottom\r\n");
        deliverIntactAndFast("deep", raw.toString().getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aHugeHeaderSectionIsDeliveredWithItsStoredHeaderCut() {
        String field = "X-Filler: " + "y".repeat(990) + "\r\n";
        String raw = "Subject: big\r\n" + field.repeat(2000) + "\r\nbody\r\n"; // about 2 MB of header
        StoredMessage m = deliverIntactAndFast("huge", raw.getBytes(StandardCharsets.US_ASCII));
        assertThat(m.header()).endsWith("\r\n").contains("Subject: big");
    }

    @Test
    void oneEndlessHeaderLineAndBinaryGarbage() {
        byte[] raw = new byte[3 * 1024 * 1024];
        new java.util.Random(7).nextBytes(raw);
        System.arraycopy("Subject: ".getBytes(StandardCharsets.US_ASCII), 0, raw, 0, 9);
        deliverIntactAndFast("garbage", raw);
    }
}
