package io.mailstream.delivery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.mailstream.core.Topics;
import io.mailstream.core.event.LocalDelivery;
import io.mailstream.core.event.MailEvent;
import io.mailstream.core.event.MailboxChanged;
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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(MailstreamTestResources.class)
class DeliveryServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

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

    @BeforeEach
    void setUp() {
        probe = new TopicProbe(bootstrap, Topics.MAILBOX_CHANGES, Topics.EVENTS, Topics.LOCAL_DLQ, Topics.INBOUND);
        directory.addDomain("example.test");
    }

    private String newUser() {
        String owner = "u" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        directory.addUser(owner, "secret-1");
        return owner;
    }

    @AfterEach
    void tearDown() {
        probe.close();
    }

    @Test
    void storesEachMessageOnceWithIncreasingUidsAndAnnouncesIt() {
        String owner = newUser();
        String raw = "From: <carol@far.example>\r\nSubject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\r\n\r\n.dotted line\r\n";
        String blobId = blobs.put(raw.getBytes(StandardCharsets.UTF_8));
        List<LocalDelivery> sent = List.of(delivery("m1", blobId, owner, raw), delivery("m2", blobId, owner, raw),
                delivery("m3", blobId, owner, raw));
        sent.forEach(this::publish);

        List<StoredMessage> inbox = await().atMost(WAIT).until(() -> inbox(owner), l -> l.size() == 3);
        // Deliveries run concurrently: UIDs follow the order they finish in, not the order of the records.
        assertThat(inbox).extracting(StoredMessage::uid).containsExactly(1L, 2L, 3L);
        assertThat(inbox).extracting(StoredMessage::messageId)
                .containsExactlyInAnyOrder(sent.get(0).messageId(), sent.get(1).messageId(), sent.get(2).messageId());
        String trace = "Return-Path: <carol@far.example>\r\nDelivered-To: " + owner + "\r\n";
        assertThat(inbox.get(0).header()).isEqualTo(trace
                + "From: <carol@far.example>\r\nSubject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\r\n\r\n");
        assertThat(inbox.get(0).size()).isEqualTo(trace.length() + raw.length());

        // The same record again, then a new one behind it on the same partition: the repeat is a no-op.
        publish(sent.get(0));
        LocalDelivery fourth = delivery("m4", blobId, owner, raw);
        publish(fourth);
        inbox = await().atMost(WAIT).until(() -> inbox(owner), l -> l.size() == 4);
        assertThat(inbox).extracting(StoredMessage::messageId).containsOnlyOnce(sent.get(0).messageId());
        assertThat(inbox.get(3).uid()).isEqualTo(4L);

        List<MailboxChanged> changes = await().atMost(WAIT).until(() -> changesOf(owner), l -> l.size() >= 4);
        assertThat(changes).extracting(MailboxChanged::kind).containsOnly(MailboxChanged.Kind.APPENDED);
        assertThat(changes).extracting(MailboxChanged::uid).containsExactlyInAnyOrder(1L, 2L, 3L, 4L);
        assertThat(changes).extracting(MailboxChanged::mailboxName).containsOnly("INBOX");

        MailEvent delivered = await().atMost(WAIT).until(() -> eventsOf(fourth.messageId()), l -> !l.isEmpty()).get(0);
        assertThat(delivered.type()).isEqualTo(MailEvent.Type.DELIVERED);
        assertThat(delivered.detail()).contains("uid 4");

        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("mailstream_delivery_delivered_total{result=\"stored\"}"))
                .body(containsString("mailstream_delivery_delivered_total{result=\"duplicate\"} 1.0"))
                .body(containsString("mailstream_delivery_latency_seconds_count"))
                .body(containsString("kafka_consumer_fetch_manager_records_lag"));
    }

    @Test
    void anAliasDeliversOneCopyPerAccountAndForwardsRemoteTargetsThroughTheRelay() {
        String alice = newUser();
        String bob = newUser();
        String alias = "team-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        directory.addAlias(alias, List.of(alice, bob, "carol@far.example"));
        directory.addAlias("x" + alias, List.of(alias, alice)); // a nested alias reaching alice twice
        String raw = "Subject: team\r\n\r\nhi\r\n";
        String blobId = blobs.put(raw.getBytes(StandardCharsets.UTF_8));
        LocalDelivery toAlias = delivery("a1", blobId, alias, raw);
        LocalDelivery toNested = new LocalDelivery(1, toAlias.messageId(), blobId, raw.length(), "carol@far.example",
                "x" + alias, "x" + alias, Instant.now());
        publish(toAlias);
        publish(toNested);
        publish(toAlias); // redelivered

        await().atMost(WAIT).until(() -> inbox(alice).size() == 1 && inbox(bob).size() == 1);
        assertThat(inbox(alice).get(0).header()).contains("Delivered-To: " + alice + "\r\n");
        List<MessageAccepted> forwards = await().atMost(WAIT).until(() -> probe.records(Topics.INBOUND).stream()
                .map(r -> read(r.value(), MessageAccepted.class))
                .filter(m -> m.messageId().startsWith(toAlias.messageId())).toList(), l -> l.size() >= 3);
        assertThat(forwards).extracting(MessageAccepted::messageId).as("one forward id, however often it is sent")
                .containsOnly(Forward.messageId(toAlias.messageId(), "carol@far.example"));
        assertThat(forwards.get(0).recipients()).containsExactly("carol@far.example");
        assertThat(forwards.get(0).sender()).isEqualTo("carol@far.example");
        // Both deliveries reach carol, through team or through x-team, and run concurrently (their
        // owners' partitions differ): the first forward may carry either alias as Delivered-To.
        assertThat(new String(blobs.get(forwards.get(0).blobId()).orElseThrow(), StandardCharsets.UTF_8))
                .isIn("Delivered-To: " + alias + "\r\n" + raw, "Delivered-To: x" + alias + "\r\n" + raw);
        assertThat(inbox(alice)).hasSize(1);
    }

    @Test
    void aRecipientRemovedSinceAcceptanceBouncesAndALoopIsCut() {
        String raw = "Subject: gone\r\n\r\nx\r\n";
        String blobId = blobs.put(raw.getBytes(StandardCharsets.UTF_8));
        LocalDelivery gone = delivery("gone", blobId, "gone-" + UUID.randomUUID() + "@example.test", raw);
        publish(gone);
        MailEvent unknown = await().atMost(WAIT).until(() -> eventsOf(gone.messageId()), l -> !l.isEmpty()).get(0);
        assertThat(unknown.type()).isEqualTo(MailEvent.Type.BOUNCED);
        assertThat(unknown.detail()).startsWith("5.1.1 ");

        String alice = newUser();
        String back = "Delivered-To: " + alice.toUpperCase() + "\r\n" + raw;
        LocalDelivery looped = delivery("loop", blobs.put(back.getBytes(StandardCharsets.UTF_8)), alice, back);
        publish(looped);
        MailEvent loop = await().atMost(WAIT).until(() -> eventsOf(looped.messageId()), l -> !l.isEmpty()).get(0);
        assertThat(loop.type()).isEqualTo(MailEvent.Type.BOUNCED);
        assertThat(loop.detail()).startsWith("5.4.6 ").contains("loop");
        assertThat(inbox(alice)).isEmpty();
    }

    @Test
    void overQuotaDefersWithoutHoldingUpOthersAndDeliversOnceThereIsRoom() {
        String full = newUser();
        String other = newUser();
        directory.setQuota(full, new Directory.Quota(0, 1));
        String raw = "Subject: q\r\n\r\nq\r\n";
        String blobId = blobs.put(raw.getBytes(StandardCharsets.UTF_8));
        LocalDelivery first = delivery("q1", blobId, full, raw);
        LocalDelivery second = delivery("q2", blobId, full, raw);
        publish(first);
        publish(second);
        publish(delivery("q3", blobId, other, raw));

        await().atMost(WAIT).until(() -> inbox(other).size() == 1);
        // The two run concurrently: whichever takes the one free place is stored, the other deferred.
        List<MailEvent> outcomes = await().atMost(WAIT).until(() -> java.util.stream.Stream.of(first, second)
                .flatMap(d -> eventsOf(d.messageId()).stream().limit(1)).toList(), l -> l.size() == 2);
        assertThat(outcomes).extracting(MailEvent::type)
                .containsExactlyInAnyOrder(MailEvent.Type.DELIVERED, MailEvent.Type.DEFERRED);
        MailEvent deferred = outcomes.stream().filter(e -> e.type() == MailEvent.Type.DEFERRED).findFirst().orElseThrow();
        assertThat(deferred.detail()).startsWith("4.2.2 " + full).contains("mailbox full");
        assertThat(inbox(full)).hasSize(1);

        directory.setQuota(full, new Directory.Quota(0, 10));
        await().atMost(WAIT).until(() -> inbox(full).size() == 2);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("mailstream_delivery_quota_rejections_total{action=\"deferred\"}"));
    }

    @Test
    void overQuotaPastTheGraceTimeBouncesWith522() {
        String full = newUser();
        directory.setQuota(full, new Directory.Quota(1, 0));
        String raw = "Subject: old\r\n\r\nx\r\n";
        String blobId = blobs.put(raw.getBytes(StandardCharsets.UTF_8));
        LocalDelivery old = new LocalDelivery(1, "old-" + UUID.randomUUID(), blobId, raw.length(), "", full, full,
                Instant.now().minus(Duration.ofDays(2)));
        publish(old);
        MailEvent bounced = await().atMost(WAIT).until(() -> eventsOf(old.messageId()), l -> !l.isEmpty()).get(0);
        assertThat(bounced.type()).isEqualTo(MailEvent.Type.BOUNCED);
        assertThat(bounced.detail()).startsWith("5.2.2 " + full);
        assertThat(inbox(full)).isEmpty();
    }

    @Test
    void aDeliveryWhoseBlobIsMissingIsDeadLetteredWithTheReason() {
        LocalDelivery lost = delivery("lost", "f".repeat(64), newUser(), "x");
        publish(lost);

        ConsumerRecord<String, byte[]> dead = await().atMost(WAIT).until(() -> probe.records(Topics.LOCAL_DLQ).stream()
                .filter(r -> r.key().equals(lost.owner())).toList(), l -> !l.isEmpty()).get(0);
        assertThat(TopicProbe.header(dead, "dead-letter-reason")).contains("is not in the store");
        assertThat(read(dead.value(), LocalDelivery.class)).isEqualTo(lost);
        assertThat(await().atMost(WAIT).until(() -> eventsOf(lost.messageId()), l -> !l.isEmpty()).get(0).type())
                .isEqualTo(MailEvent.Type.FAILED);
    }

    @Test
    void readinessCoversKafkaAndMongo() {
        given().get("/q/health/ready").then().statusCode(200)
                .body(containsString("Kafka")).body(containsString("MongoDB"));
    }

    private static LocalDelivery delivery(String tag, String blobId, String owner, String raw) {
        return new LocalDelivery(LocalDelivery.SCHEMA_VERSION, tag + "-" + UUID.randomUUID(), blobId, raw.length(),
                "carol@far.example", owner, owner, Instant.now());
    }

    private List<StoredMessage> inbox(String owner) {
        Optional<Mailbox> inbox = mailboxes.find(owner, Mailbox.INBOX);
        return inbox.map(m -> messages.list(m.id())).orElse(List.of());
    }

    private List<MailboxChanged> changesOf(String owner) {
        return probe.records(Topics.MAILBOX_CHANGES).stream().filter(r -> owner.equals(r.key()))
                .map(r -> read(r.value(), MailboxChanged.class)).toList();
    }

    private List<MailEvent> eventsOf(String messageId) {
        return probe.records(Topics.EVENTS).stream().filter(r -> messageId.equals(r.key()))
                .map(r -> read(r.value(), MailEvent.class)).toList();
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
}
