package io.mailstream.relay.outbound;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.mailstream.core.Topics;
import io.mailstream.core.event.MailEvent;
import io.mailstream.core.event.MessageAccepted;
import io.mailstream.core.event.RemoteDelivery;
import io.mailstream.testkit.Mta;
import io.mailstream.store.BlobStore;
import io.mailstream.testkit.MailstreamTestResources;
import io.mailstream.testkit.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import jakarta.inject.Inject;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** relay-service delivering mail.remote to a scripted MX found through a loopback DNS server. */
@QuarkusTest
@QuarkusTestResource(MailstreamTestResources.class)
@QuarkusTestResource(FakeRemoteResources.class)
class OutboundDeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    BlobStore blobs;
    @Inject
    ObjectMapper json;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private TopicProbe probe;
    private String domain;

    @BeforeEach
    void setUp() {
        probe = new TopicProbe(bootstrap, Topics.EVENTS, Topics.INBOUND);
        domain = "d" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        FakeRemoteResources.dns.mx(domain, 10, "mx." + domain, 300).a("mx." + domain, "127.0.0.1", 300);
        FakeRemoteResources.mta.rcpt = to -> "250 2.1.5 ok";
    }

    @AfterEach
    void tearDown() {
        probe.close();
    }

    @Test
    void theMxReceivesTheMessageByteExactWithDotStuffingOnTheWire() {
        byte[] raw = ("Received: from client by mx.example.test\r\nSubject: dots\r\n\r\n.one dot\r\n..two dots\r\n"
                + ".\r\nlast\r\n").getBytes(StandardCharsets.UTF_8);
        String id = publish(raw, "sender@example.test", "bob@" + domain, "carol@" + domain);

        Mta.Received got = await().atMost(WAIT).until(() -> received(id), r -> r != null);
        assertThat(got.rcptTo()).containsExactly("bob@" + domain, "carol@" + domain);
        assertThat(got.content()).isEqualTo(raw);
        assertThat(new String(got.wire(), StandardCharsets.UTF_8)).contains("\r\n..one dot\r\n...two dots\r\n..\r\n");
        assertThat(got.tls()).isTrue();

        List<MailEvent> events = await().atMost(WAIT).until(() -> events(id),
                e -> e.stream().filter(x -> x.type() == MailEvent.Type.DELIVERED).count() == 2);
        assertThat(events).extracting(MailEvent::type).contains(MailEvent.Type.ATTEMPTED);
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/v1/queue/" + id).then().statusCode(200)
                .body("[0].state", equalTo("DONE")).body("[0].recipients[0].state", equalTo("DELIVERED")));
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/v1/trace/" + id).then().statusCode(200)
                .body("type", org.hamcrest.Matchers.hasItems("ATTEMPTED", "DELIVERED")));
        given().get("/api/v1/trace/no-such-message").then().statusCode(404);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("mailstream_relay_delivery_total{result=\"delivered\"}"))
                .body(containsString("mailstream_relay_queue_depth{state=\"deferred\"}"));
    }

    @Test
    void aTemporaryRejectionIsDeferredAndDeliveredOnRetry() {
        String once = "greylisted-" + UUID.randomUUID().toString().substring(0, 6) + "@" + domain;
        java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        FakeRemoteResources.mta.rcpt = to -> to.equals(once) && seen.add(to) ? "451 4.7.1 greylisted, try again"
                : "250 2.1.5 ok";
        String id = publish("Subject: later\r\n\r\nhi\r\n".getBytes(StandardCharsets.UTF_8), "sender@example.test",
                once);

        List<MailEvent> events = await().atMost(WAIT).until(() -> events(id),
                e -> e.stream().anyMatch(x -> x.type() == MailEvent.Type.DELIVERED));
        MailEvent deferred = events.stream().filter(e -> e.type() == MailEvent.Type.DEFERRED).findFirst().orElseThrow();
        assertThat(deferred.recipient()).isEqualTo(once);
        assertThat(deferred.detail()).contains("451 4.7.1 greylisted", "next attempt");
        assertThat(events.stream().filter(e -> e.type() == MailEvent.Type.ATTEMPTED)).hasSize(2);
        assertThat(received(id)).isNotNull();
        given().get("/api/v1/queue/" + id).then().statusCode(200).body("[0].attempts", equalTo(2))
                .body("[0].recipients[0].state", equalTo("DELIVERED"));
    }

    @Test
    void aPermanentRejectionBouncesWithADsnToTheSender() throws Exception {
        FakeRemoteResources.mta.rcpt = to -> to.startsWith("nobody") ? "550 5.1.1 no such user here" : "250 2.1.5 ok";
        String id = publish("Subject: bounce me\r\nMessage-ID: <m1@example.test>\r\n\r\nbody\r\n"
                .getBytes(StandardCharsets.UTF_8), "sender@example.test", "nobody@" + domain);

        MessageAccepted dsn = await().atMost(WAIT).until(() -> probe.records(Topics.INBOUND).stream()
                .filter(r -> r.key() != null && r.key().startsWith(id + "-B"))
                .map(r -> read(r.value(), MessageAccepted.class)).findFirst().orElse(null), m -> m != null);
        assertThat(dsn.sender()).isEmpty();
        assertThat(dsn.recipients()).containsExactly("sender@example.test");
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(blobs.get(dsn.blobId()).orElseThrow()));
        assertThat(m.getContentType()).startsWith("multipart/report");
        MimeMultipart parts = (MimeMultipart) m.getContent();
        String status = new String(parts.getBodyPart(1).getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(status).contains("Final-Recipient: rfc822; nobody@" + domain, "Status: 5.1.1",
                "Diagnostic-Code: smtp; 550 5.1.1 no such user here", "Remote-MTA: dns; mx." + domain);
        assertThat(events(id)).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo(MailEvent.Type.BOUNCED);
            assertThat(e.detail()).contains("5.1.1");
        });
    }

    @Test
    void theNullSenderNeverGetsABounceAndNullMxBouncesAtOnce() {
        FakeRemoteResources.dns.mx("nomail-" + domain, 0, ".", 300);
        String id = publish("Subject: x\r\n\r\nx\r\n".getBytes(StandardCharsets.UTF_8), "", "a@nomail-" + domain);

        List<MailEvent> events = await().atMost(WAIT).until(() -> events(id),
                e -> e.stream().anyMatch(x -> x.type() == MailEvent.Type.BOUNCED));
        assertThat(events).filteredOn(e -> e.type() == MailEvent.Type.BOUNCED).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("5.1.10", "null MX"));
        given().get("/api/v1/queue/" + id).then().statusCode(200).body("[0].state", equalTo("DONE"));
        assertThat(probe.records(Topics.INBOUND)).noneMatch(r -> r.key() != null && r.key().startsWith(id + "-B"));
    }

    @Test
    void aRecipientStillDeferredAtTheMaximumAgeBounces() {
        FakeRemoteResources.mta.rcpt = to -> to.startsWith("slow") ? "452 4.2.2 mailbox full" : "250 2.1.5 ok";
        String id = publish("Subject: old\r\n\r\nx\r\n".getBytes(StandardCharsets.UTF_8), "sender@example.test",
                Instant.now().minus(Duration.ofDays(6)), "slow@" + domain);

        List<MailEvent> events = await().atMost(WAIT).until(() -> events(id),
                e -> e.stream().anyMatch(x -> x.type() == MailEvent.Type.BOUNCED));
        assertThat(events).filteredOn(e -> e.type() == MailEvent.Type.BOUNCED).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("5.4.7", "452 4.2.2 mailbox full", "expired"));
        assertThat(events).noneMatch(e -> e.type() == MailEvent.Type.DEFERRED);
    }

    @Test
    void delayAndRelayNoticesGoOutOnceAsTheSenderAskedAndNeverSuppressesFailures() throws Exception {
        FakeRemoteResources.mta.rcpt = to -> to.startsWith("slow") ? "452 4.2.2 mailbox full"
                : to.startsWith("gone") ? "550 5.1.1 gone" : "250 2.1.5 ok";
        String slow = "slow@" + domain;
        String ok = "ok@" + domain;
        String gone = "gone@" + domain;
        String id = publish("Subject: notices\r\n\r\nx\r\n".getBytes(StandardCharsets.UTF_8), "sender@example.test",
                Instant.now().minus(Duration.ofHours(5)), List.of(
                        new MessageAccepted.RecipientDsn(ok, "SUCCESS", null),
                        new MessageAccepted.RecipientDsn(gone, "NEVER", null)), slow, ok, gone);

        // the slow recipient is retried (1 s in tests) and deferred again: still one delay notice
        await().atMost(WAIT).until(() -> events(id),
                e -> e.stream().filter(x -> x.type() == MailEvent.Type.DEFERRED).count() >= 2);
        List<MessageAccepted> dsns = probe.records(Topics.INBOUND).stream()
                .filter(r -> r.key() != null && r.key().startsWith(id + "-B"))
                .map(r -> read(r.value(), MessageAccepted.class)).toList();
        assertThat(dsns).hasSize(1);
        String status = new String(((MimeMultipart) new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(blobs.get(dsns.get(0).blobId()).orElseThrow())).getContent())
                .getBodyPart(1).getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(status).contains("Final-Recipient: rfc822; " + slow + "\r\nAction: delayed\r\nStatus: 4.2.2",
                "Will-Retry-Until:", "Final-Recipient: rfc822; " + ok + "\r\nAction: relayed\r\nStatus: 2.0.0")
                .doesNotContain(gone);
    }

    @Test
    void operatorsCanBounceOrDeleteStuckMailWithTheAdminToken() {
        FakeRemoteResources.mta.rcpt = to -> to.startsWith("stuck") ? "451 4.3.0 stuck" : "250 2.1.5 ok";
        String bounced = publish("Subject: a\r\n\r\nx\r\n".getBytes(StandardCharsets.UTF_8), "sender@example.test",
                "stuck1@" + domain);
        String deleted = publish("Subject: b\r\n\r\nx\r\n".getBytes(StandardCharsets.UTF_8), "sender@example.test",
                "stuck2@" + domain);
        await().atMost(WAIT).until(() -> events(bounced).stream().anyMatch(e -> e.type() == MailEvent.Type.DEFERRED)
                && events(deleted).stream().anyMatch(e -> e.type() == MailEvent.Type.DEFERRED));

        given().post("/api/v1/queue/" + bounced + "/bounce").then().statusCode(401);
        given().header("Authorization", "Bearer wrong").delete("/api/v1/queue/" + deleted).then().statusCode(401);
        given().header("Authorization", "Bearer test-admin-token").post("/api/v1/queue/" + bounced + "/bounce")
                .then().statusCode(202).body("entries", equalTo(1));
        // an attempt may hold the entry for a moment (409); the delete goes through once it is waiting
        await().atMost(WAIT).untilAsserted(() -> given().header("Authorization", "Bearer test-admin-token")
                .delete("/api/v1/queue/" + deleted).then().statusCode(200).body("deleted", equalTo(1)));

        await().atMost(WAIT).until(() -> events(bounced).stream().anyMatch(e -> e.type() == MailEvent.Type.BOUNCED
                && e.detail().contains("5.0.0") && e.detail().contains("administrator")));
        await().atMost(WAIT).until(() -> probe.records(Topics.INBOUND).stream()
                .anyMatch(r -> r.key() != null && r.key().startsWith(bounced + "-B")));
        assertThat(events(deleted)).anySatisfy(e -> assertThat(e.detail()).contains("deleted from the queue"));
        given().get("/api/v1/queue/" + deleted).then().statusCode(404);
    }

    @Test
    void operatorsPurgeADomainSilentlyOrWithBouncesAndDeferralsAreCountedPerDomain() {
        String loud = "loud-" + domain;
        FakeRemoteResources.dns.mx(loud, 10, "mx." + domain, 300);
        FakeRemoteResources.mta.rcpt = to -> to.startsWith("purge-") ? "451 4.3.0 stuck" : "250 2.1.5 ok";
        String quiet = publish("Subject: q\r\n\r\nx\r\n".getBytes(StandardCharsets.UTF_8), "sender@example.test",
                "purge-q1@" + domain, "purge-q2@" + domain);
        String bounced = publish("Subject: l\r\n\r\nx\r\n".getBytes(StandardCharsets.UTF_8), "sender@example.test",
                "purge-l@" + loud);
        await().atMost(WAIT).until(() -> events(quiet).stream().anyMatch(e -> e.type() == MailEvent.Type.DEFERRED)
                && events(bounced).stream().anyMatch(e -> e.type() == MailEvent.Type.DEFERRED));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("mailstream_relay_deferrals_total{domain=\"" + domain + "\"}"))
                .body(containsString("mailstream_relay_attempt_failures_total{cause=\"store\"}"));

        given().post("/api/v1/queue/purge?domain=" + domain).then().statusCode(401);
        String admin = "Bearer test-admin-token";
        given().header("Authorization", admin).post("/api/v1/queue/purge").then().statusCode(400)
                .body("error", containsString("needs a domain, an age"));
        given().header("Authorization", admin).post("/api/v1/queue/purge?older-than=5days").then().statusCode(400);
        given().header("Authorization", admin).post("/api/v1/queue/purge?domain=x.test&state=lost").then()
                .statusCode(400);
        // an entry being attempted right now is skipped (busy) and purged by a later call
        await().atMost(WAIT).untilAsserted(() -> given().header("Authorization", admin)
                .post("/api/v1/queue/purge?domain=" + domain.toUpperCase(java.util.Locale.ROOT)).then()
                .statusCode(200).body("deleted", equalTo(1)).body("bounced", equalTo(0)));
        await().atMost(WAIT).untilAsserted(() -> given().header("Authorization", admin)
                .post("/api/v1/queue/purge?domain=" + loud + "&older-than=0s&bounce=true").then()
                .statusCode(200).body("bounced", equalTo(1)).body("deleted", equalTo(0)));

        given().get("/api/v1/queue/" + quiet).then().statusCode(404);
        await().atMost(WAIT).until(() -> events(quiet).stream().filter(e -> e.type() == MailEvent.Type.FAILED
                && e.detail().contains("purged from the queue by an operator")).count() == 2);
        await().atMost(WAIT).until(() -> events(bounced).stream().anyMatch(e -> e.type() == MailEvent.Type.BOUNCED
                && e.detail().contains("5.0.0")));
        await().atMost(WAIT).until(() -> probe.records(Topics.INBOUND).stream()
                .anyMatch(r -> r.key() != null && r.key().startsWith(bounced + "-B")));
        assertThat(probe.records(Topics.INBOUND)).noneMatch(r -> r.key() != null && r.key().startsWith(quiet + "-B"));
    }

    @Test
    void theQueueApiAnswers404ForAnUnknownMessageAnd400ForABadState() {
        given().get("/api/v1/queue/no-such-message").then().statusCode(404);
        given().get("/api/v1/queue?state=bogus").then().statusCode(400);
        given().get("/api/v1/queue?state=all&limit=5").then().statusCode(200);
    }

    private String publish(byte[] raw, String sender, String... recipients) {
        return publish(raw, sender, Instant.now(), recipients);
    }

    private String publish(byte[] raw, String sender, Instant acceptedAt, String... recipients) {
        return publish(raw, sender, acceptedAt, List.of(), recipients);
    }

    private String publish(byte[] raw, String sender, Instant acceptedAt, List<MessageAccepted.RecipientDsn> dsn,
            String... recipients) {
        String id = "m-" + UUID.randomUUID();
        String blobId = blobs.put(raw);
        String recipientDomain = recipients[0].substring(recipients[0].indexOf('@') + 1);
        RemoteDelivery d = new RemoteDelivery(RemoteDelivery.SCHEMA_VERSION, id, blobId, raw.length, sender,
                recipientDomain, List.of(recipients), acceptedAt.truncatedTo(ChronoUnit.MILLIS), false, null, null, dsn);
        try {
            probe.send(Topics.REMOTE, recipientDomain, json.writeValueAsBytes(d));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return id;
    }

    private Mta.Received received(String messageId) {
        // the fake MX keeps no ids; find the message by its recipients' unique domain
        return FakeRemoteResources.mta.received.stream()
                .filter(r -> r.rcptTo().stream().anyMatch(t -> t.endsWith("@" + domain))).findFirst().orElse(null);
    }

    private List<MailEvent> events(String messageId) {
        return probe.records(Topics.EVENTS).stream().filter(r -> messageId.equals(r.key()))
                .map(r -> read(r.value(), MailEvent.class)).toList();
    }

    private <T> T read(byte[] value, Class<T> type) {
        try {
            return json.readValue(value, type);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
