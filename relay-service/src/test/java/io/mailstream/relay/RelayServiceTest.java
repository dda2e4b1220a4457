package io.mailstream.relay;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.mailstream.core.Topics;
import io.mailstream.core.event.LocalDelivery;
import io.mailstream.core.event.MailEvent;
import io.mailstream.core.event.MessageAccepted;
import io.mailstream.core.event.RemoteDelivery;
import io.mailstream.store.Directory;
import io.mailstream.testkit.MailstreamTestResources;
import io.mailstream.testkit.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import jakarta.inject.Inject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(MailstreamTestResources.class)
class RelayServiceTest {

    @Inject
    Directory directory;
    @Inject
    ObjectMapper json;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private TopicProbe probe;

    @BeforeEach
    void setUp() {
        directory.addDomain("example.test");
        directory.addDomain("other.test");
        probe = new TopicProbe(bootstrap, Topics.LOCAL, Topics.REMOTE, Topics.EVENTS, Topics.INBOUND_DLQ);
    }

    @AfterEach
    void tearDown() {
        probe.close();
    }

    @Test
    void routesLocalRecipientsByOwnerAndQueuesRemoteOnesByDomain() {
        String id = "m-" + UUID.randomUUID();
        Instant acceptedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        publish(new MessageAccepted(1, id, "b10b", 321, "sender@far.example",
                List.of("alice@example.test", "ALICE@Example.Test", "bob@other.test", "carol@remote.example",
                        "Dave@REMOTE.example", "carol@remote.example"),
                acceptedAt, "192.0.2.7", "client.far.example", null));

        List<ConsumerRecord<String, byte[]>> local = await().atMost(Duration.ofSeconds(30))
                .until(() -> forMessage(Topics.LOCAL, id), r -> r.size() >= 2);
        List<ConsumerRecord<String, byte[]>> remote = await().atMost(Duration.ofSeconds(30))
                .until(() -> forMessage(Topics.REMOTE, id), r -> r.size() >= 1);

        assertThat(local).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("alice@example.test", "bob@other.test");
        for (ConsumerRecord<String, byte[]> r : local) {
            LocalDelivery d = read(r.value(), LocalDelivery.class);
            assertThat(d.owner()).isEqualTo(r.key());
            assertThat(d).extracting(LocalDelivery::blobId, LocalDelivery::size, LocalDelivery::sender,
                    LocalDelivery::acceptedAt).containsExactly("b10b", 321L, "sender@far.example", acceptedAt);
        }
        assertThat(remote).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("remote.example");
            assertThat(read(r.value(), RemoteDelivery.class).recipients())
                    .containsExactly("carol@remote.example", "Dave@remote.example");
        });
        // Outbound delivery of the remote ones adds its own events (the blob does not exist: deferred).
        List<MailEvent> routing = await().atMost(Duration.ofSeconds(30))
                .until(() -> forMessage(Topics.EVENTS, id).stream().map(r -> read(r.value(), MailEvent.class))
                        .filter(e -> e.type().name().startsWith("ROUTED")).toList(), r -> r.size() >= 4);
        assertThat(routing).extracting(MailEvent::type).containsOnly(MailEvent.Type.ROUTED_LOCAL,
                MailEvent.Type.ROUTED_REMOTE).hasSize(4);

        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("mailstream_relay_routed_total{destination=\"local\"}"))
                .body(containsString("mailstream_relay_routed_total{destination=\"remote\"}"));
    }

    @Test
    void unreadableRecordIsDeadLetteredWithItsBytesAndMailKeepsFlowing() {
        String junkKey = "junk-" + UUID.randomUUID();
        probe.send(Topics.INBOUND, junkKey, "{not json".getBytes(StandardCharsets.UTF_8));
        String id = "m-" + UUID.randomUUID();
        publish(new MessageAccepted(1, id, "b10b", 1, "", List.of("zoe@example.test"), Instant.now(), null, null, null));

        ConsumerRecord<String, byte[]> dead = await().atMost(Duration.ofSeconds(30))
                .until(() -> probe.records(Topics.INBOUND_DLQ).stream().filter(r -> junkKey.equals(r.key())).toList(),
                        r -> !r.isEmpty()).get(0);
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
        assertThat(TopicProbe.header(dead, "dead-letter-reason")).contains("JsonParseException");
        assertThat(TopicProbe.header(dead, "dead-letter-topic")).isEqualTo(Topics.INBOUND);
        await().atMost(Duration.ofSeconds(30)).until(() -> forMessage(Topics.LOCAL, id), r -> r.size() == 1);
    }

    @Test
    void readinessCoversKafkaAndMongo() {
        given().get("/q/health/ready").then().statusCode(200)
                .body(containsString("Kafka")).body(containsString("MongoDB"));
    }

    private void publish(MessageAccepted m) {
        try {
            probe.send(Topics.INBOUND, m.messageId(), json.writeValueAsBytes(m));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<ConsumerRecord<String, byte[]>> forMessage(String topic, String messageId) {
        return probe.records(topic).stream()
                .filter(r -> messageId.equals(topic.equals(Topics.EVENTS) ? r.key() : messageIdOf(r.value())))
                .toList();
    }

    private String messageIdOf(byte[] value) {
        try {
            return json.readTree(value).path("messageId").asText();
        } catch (IOException e) {
            return null;
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
