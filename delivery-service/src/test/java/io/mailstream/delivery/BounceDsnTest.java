package io.mailstream.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.mailstream.core.Topics;
import io.mailstream.core.event.LocalDelivery;
import io.mailstream.core.event.MailEvent;
import io.mailstream.core.event.MessageAccepted;
import io.mailstream.store.BlobStore;
import io.mailstream.store.Directory;
import io.mailstream.store.Mailbox;
import io.mailstream.store.MailboxStore;
import io.mailstream.store.MessageStore;
import io.mailstream.store.StoredMessage;
import io.mailstream.testkit.MailstreamTestResources;
import io.mailstream.testkit.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import jakarta.inject.Inject;
import jakarta.mail.BodyPart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A bounced local copy sends an RFC 3464 DSN to the envelope sender through the real broker: the
 * DSN leaves on {@code mail.inbound} as a new message with the null sender; the test then plays
 * relay-service's part (routing it to {@code mail.local} for a local sender), and the DSN lands
 * in the sender's INBOX, where it is parsed as a MIME multipart/report.
 */
@QuarkusTest
@QuarkusTestResource(MailstreamTestResources.class)
class BounceDsnTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String RAW = "From: <sender@example.test>\r\nSubject: too big for you\r\n\r\nsecret body\r\n";

    @Inject
    BlobStore blobs;
    @Inject
    Directory directory;
    @Inject
    MailboxStore mailboxes;
    @Inject
    MessageStore messages;
    @Inject
    ObjectMapper json;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private TopicProbe probe;
    private String blobId;

    @BeforeEach
    void setUp() {
        probe = new TopicProbe(bootstrap, Topics.EVENTS, Topics.INBOUND);
        directory.addDomain("example.test");
        blobId = blobs.put(RAW.getBytes(StandardCharsets.UTF_8));
    }

    @AfterEach
    void tearDown() {
        probe.close();
    }

    @Test
    void aQuotaBounceSendsAFailedDsnThatReachesTheLocalSendersMailbox() throws Exception {
        String sender = newUser("s");
        String full = newUser("full");
        directory.setQuota(full, new Directory.Quota(1, 0));
        LocalDelivery old = new LocalDelivery(LocalDelivery.SCHEMA_VERSION, "old-" + UUID.randomUUID(), blobId,
                RAW.length(), sender, full, full, Instant.now().minus(Duration.ofDays(2)), "HDRS", "ENV+2B42", null,
                "rfc822;" + full.replace("@", "+2Bx@"));
        publish(old);

        MessageAccepted dsn = await().atMost(WAIT).until(() -> dsnsFor(old), l -> !l.isEmpty()).get(0);
        assertThat(dsn.sender()).as("a DSN has the null sender").isEmpty();
        assertThat(dsn.recipients()).containsExactly(sender);
        assertThat(dsn.heloName()).isEqualTo("delivery.mailstream.test");
        MailEvent bounced = await().atMost(WAIT).until(() -> eventsOf(old.messageId()), l -> !l.isEmpty()).get(0);
        assertThat(bounced.type()).isEqualTo(MailEvent.Type.BOUNCED);
        assertThat(bounced.detail()).startsWith("5.2.2 " + full).endsWith("; DSN " + dsn.messageId() + " to <"
                + sender + ">");

        // relay-service's part: a local recipient of an accepted message becomes a LocalDelivery
        publish(new LocalDelivery(LocalDelivery.SCHEMA_VERSION, dsn.messageId(), dsn.blobId(), dsn.size(),
                dsn.sender(), sender, sender, dsn.acceptedAt()));
        List<StoredMessage> inbox = await().atMost(WAIT).until(() -> inbox(sender), l -> l.size() == 1);

        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(blobs.get(inbox.get(0).blobId()).orElseThrow()));
        assertThat(m.getHeader("Return-Path")[0]).isEqualTo("<>");
        assertThat(m.getSubject()).isEqualTo("Undelivered Mail Returned to Sender");
        assertThat(m.getContentType()).startsWith("multipart/report").contains("report-type=delivery-status");
        MimeMultipart parts = (MimeMultipart) m.getContent();
        assertThat(parts.getCount()).isEqualTo(3);
        assertThat(text(parts.getBodyPart(0))).contains("<" + full + ">: failed: mailbox full");
        assertThat(parts.getBodyPart(1).getContentType()).isEqualTo("message/delivery-status");
        assertThat(text(parts.getBodyPart(1))).contains("Original-Envelope-Id: ENV+42\r\n",
                "Reporting-MTA: dns; delivery.mailstream.test\r\n",
                "Original-Recipient: rfc822; " + full.replace("@", "+x@") + "\r\n"
                        + "Final-Recipient: rfc822; " + full + "\r\nAction: failed\r\nStatus: 5.2.2\r\n"
                        + "Diagnostic-Code: X-Mailstream; mailbox full: ");
        assertThat(parts.getBodyPart(2).getContentType()).isEqualTo("text/rfc822-headers");
        assertThat(text(parts.getBodyPart(2))).contains("Subject: too big for you").doesNotContain("secret body");
        assertThat(inbox(full)).isEmpty();
    }

    @Test
    void aRecipientRemovedSinceAcceptanceIsReportedWith511AndRetFullReturnsTheMessage() throws Exception {
        LocalDelivery gone = new LocalDelivery(LocalDelivery.SCHEMA_VERSION, "gone-" + UUID.randomUUID(), blobId,
                RAW.length(), "alice@far.example", "Gone@example.test", "gone-" + UUID.randomUUID() + "@example.test",
                Instant.now(), "FULL", null, null, null);
        publish(gone);

        MessageAccepted dsn = await().atMost(WAIT).until(() -> dsnsFor(gone), l -> !l.isEmpty()).get(0);
        assertThat(dsn.recipients()).as("a remote sender: relay-service sends it out").containsExactly(
                "alice@far.example");
        MimeMultipart parts = (MimeMultipart) new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(blobs.get(dsn.blobId()).orElseThrow())).getContent();
        assertThat(text(parts.getBodyPart(1))).contains("Final-Recipient: rfc822; Gone@example.test\r\n"
                + "Action: failed\r\nStatus: 5.1.1\r\n").doesNotContain("Original-Recipient");
        assertThat(parts.getBodyPart(2).getContentType()).isEqualTo("message/rfc822");
        assertThat(text(parts.getBodyPart(2))).contains("secret body");
    }

    @Test
    void noDsnForTheNullSenderNorForNotifyNever() {
        String full = newUser("full");
        directory.setQuota(full, new Directory.Quota(1, 0));
        Instant old = Instant.now().minus(Duration.ofDays(2));
        LocalDelivery fromNull = new LocalDelivery(1, "null-" + UUID.randomUUID(), blobId, RAW.length(), "", full,
                full, old);
        LocalDelivery never = new LocalDelivery(1, "never-" + UUID.randomUUID(), blobId, RAW.length(),
                "alice@far.example", full, full, old, null, null, "NEVER", null);
        LocalDelivery failure = new LocalDelivery(1, "failure-" + UUID.randomUUID(), blobId, RAW.length(),
                "alice@far.example", full, full, old, null, null, "FAILURE", null);
        publish(fromNull);
        publish(never);
        publish(failure);

        assertThat(await().atMost(WAIT).until(() -> eventsOf(fromNull.messageId()), l -> !l.isEmpty()).get(0)
                .detail()).startsWith("5.2.2 ").endsWith("; no DSN: null sender");
        assertThat(await().atMost(WAIT).until(() -> eventsOf(never.messageId()), l -> !l.isEmpty()).get(0)
                .detail()).startsWith("5.2.2 ").endsWith("; no DSN: NOTIFY=NEVER");
        // the three records are one partition (one key) in order: once the last one's DSN is there,
        // the first two would be too
        await().atMost(WAIT).until(() -> !dsnsFor(failure).isEmpty());
        assertThat(dsnsFor(fromNull)).isEmpty();
        assertThat(dsnsFor(never)).isEmpty();
    }

    private String newUser(String prefix) {
        String user = prefix + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        directory.addUser(user, "secret-1");
        return user;
    }

    private List<MessageAccepted> dsnsFor(LocalDelivery d) {
        return probe.records(Topics.INBOUND).stream().filter(r -> r.key().startsWith(d.messageId() + "-B"))
                .map(r -> read(r.value(), MessageAccepted.class)).toList();
    }

    private List<MailEvent> eventsOf(String messageId) {
        return probe.records(Topics.EVENTS).stream().filter(r -> messageId.equals(r.key()))
                .map(r -> read(r.value(), MailEvent.class)).toList();
    }

    private List<StoredMessage> inbox(String owner) {
        return mailboxes.find(owner, Mailbox.INBOX).map(m -> messages.list(m.id())).orElse(List.of());
    }

    private void publish(LocalDelivery d) {
        try {
            probe.send(Topics.LOCAL, d.owner(), json.writeValueAsBytes(d));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T read(byte[] value, Class<T> type) {
        try {
            return json.readValue(value, type);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(BodyPart part) throws Exception {
        Object content = part.getContent();
        if (content instanceof String s) {
            return s;
        }
        try (InputStream in = part.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
