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
import io.mailstream.store.summary.BodyPart;
import io.mailstream.store.summary.EnvelopeAddress;
import io.mailstream.store.summary.MessageSummary;
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
 * field, quickly: the message summary (Mime4j, bounded) is computed once and stored with each copy,
 * and what it cannot summarise within its bounds is marked so (no structure, or no summary),
 * never an error.
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
        return deliverIntactAndFast(id, raw, ALICE);
    }

    private static StoredMessage deliverIntactAndFast(String id, byte[] raw, String account) {
        String blobId = blobs.put(raw);
        LocalDelivery d = new LocalDelivery(1, id, blobId, raw.length, "x@far.example", account, account,
                Instant.now());
        long start = System.nanoTime();
        MailboxDeliverer.Delivery done = deliverer.deliver(d, account, raw, Instant.now());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).as("delivery time").isLessThan(Duration.ofSeconds(5));
        StoredMessage m = messages.find(done.mailbox().id(), done.uid()).orElseThrow();
        byte[] stored = blobs.get(m.blobId()).orElseThrow();
        byte[] prefix = MailboxDeliverer.withTraceFields("x@far.example", account, new byte[0]);
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
        StoredMessage m = deliverIntactAndFast("unclosed", raw.getBytes(StandardCharsets.US_ASCII));
        assertThat(m.header()).isEqualTo("Return-Path: <x@far.example>\r\nDelivered-To: alice@example.test\r\n"
                + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n");
        BodyPart only = m.summary().body().parts().get(0);
        assertThat(only.size()).as("the part runs to the end").isEqualTo("never closed\r\n".length() * 1000L);
        assertThat(only.lines()).isEqualTo(1000);
    }

    @Test
    void tenThousandNestedMultiparts() {
        StringBuilder raw = new StringBuilder("Subject: deep\r\nContent-Type: multipart/mixed; boundary=\"b0\"\r\n\r\n");
        for (int i = 1; i <= 10_000; i++) {
            raw.append("--b").append(i - 1).append("\r\nContent-Type: multipart/mixed; boundary=\"b").append(i)
                    .append("\"\r\n\r\n");
        }
        raw.append("--b10000\r\nContent-Type: text/plain\r\n\r\nbottom\r\n");
        MessageSummary summary = deliverIntactAndFast("deep", raw.toString().getBytes(StandardCharsets.US_ASCII))
                .summary();
        assertThat(summary.envelope().subject()).isEqualTo("deep");
        assertThat(summary.hasStructure()).as("beyond the nesting bound: IMAP parses the bytes").isFalse();
    }

    @Test
    void aHugeHeaderSectionIsDeliveredWithItsStoredHeaderCut() {
        String field = "X-Filler: " + "y".repeat(990) + "\r\n";
        String raw = "Subject: big\r\n" + field.repeat(2000) + "\r\nbody\r\n"; // about 2 MB of header
        StoredMessage m = deliverIntactAndFast("huge", raw.getBytes(StandardCharsets.US_ASCII));
        assertThat(m.header()).endsWith("\r\n").contains("Subject: big");
        assertThat(m.summary()).as("a header beyond the bound: no summary").isNull();
    }

    @Test
    void oneEndlessHeaderLineAndBinaryGarbage() {
        byte[] raw = new byte[3 * 1024 * 1024];
        new java.util.Random(7).nextBytes(raw);
        System.arraycopy("Subject: ".getBytes(StandardCharsets.US_ASCII), 0, raw, 0, 9);
        deliverIntactAndFast("garbage", raw);
    }

    @Test
    void aWellFormedMessageIsSummarisedOnceForEveryCopy() {
        String raw = "From: =?iso-8859-1?q?J=F6rg?= <joerg@far.example>\r\n"
                + "To: alice@example.test, bob@example.test\r\nSubject: =?utf-8?b?w5xiZXI=?= 8-bit \u00fcber\r\n"
                + "Content-Type: multipart/mixed; boundary=\"m\"\r\n\r\n"
                + "--m\r\nContent-Type: multipart/alternative; boundary=\"a\"\r\n\r\n"
                + "--a\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                + "gr\u00fc\u00dfe\r\n--a\r\nContent-Type: text/html\r\n\r\n<b>hi</b>\r\n--a--\r\n"
                + "--m\r\nContent-Type: message/rfc822\r\n\r\nSubject: forwarded\r\n\r\ninside\r\n"
                + "--m\r\nContent-Type: image/png\r\nContent-Disposition: attachment; filename=x.png\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\niVBORw0K\r\n--m--\r\n";
        byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
        StoredMessage aliceCopy = deliverIntactAndFast("fine", bytes);
        MessageSummary alice = aliceCopy.summary();
        MessageSummary bob = deliverIntactAndFast("fine", bytes, "bob@example.test").summary();
        assertThat(bob).as("the trace fields in front change nothing but the offsets")
                .isEqualTo(alice.storedAfter("bob@example.test".length() - ALICE.length()));
        BodyPart plain = alice.body().parts().get(0).parts().get(0);
        byte[] stored = blobs.get(aliceCopy.blobId()).orElseThrow();
        assertThat(new String(stored, (int) plain.bodyStart(), (int) (plain.end() - plain.bodyStart()),
                StandardCharsets.UTF_8)).as("offsets of the stored bytes").isEqualTo("gr\u00fc\u00dfe");
        assertThat(alice.text().body()).containsExactly("gr\u00fc\u00dfe", "<b>hi</b>", "inside");
        assertThat(alice.envelope().from()).containsExactly(
                new EnvelopeAddress("=?iso-8859-1?q?J=F6rg?=", null, "joerg", "far.example"));
        assertThat(alice.envelope().subject()).isEqualTo("=?utf-8?b?w5xiZXI=?= 8-bit \u00fcber");
        BodyPart root = alice.body();
        assertThat(root.parts()).hasSize(3);
        assertThat(root.parts().get(0).parts().get(0).size()).isEqualTo("gr\u00fc\u00dfe".getBytes(
                StandardCharsets.UTF_8).length);
        assertThat(root.parts().get(1).message().envelope().subject()).isEqualTo("forwarded");
        assertThat(root.parts().get(2).field("Content-Disposition")).isEqualTo("attachment; filename=x.png");
    }
}
