package io.mailstream.containers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.mailstream.core.Topics;
import io.mailstream.core.event.MessageAccepted;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The messaging path of step 1 of the flow on the real apache/kafka image: {@link MessageAccepted}
 * published to {@code mail.inbound} as smtp-ingress publishes it (JSON, {@code acks=all},
 * idempotent producer) and consumed as relay-service consumes it (a consumer group that commits
 * only after the work is done, so a restarted consumer resumes where the group left off).
 */
@Testcontainers(disabledWithoutDocker = true)
class KafkaMessagingTest {

    /** The JSON form the services' Quarkus ObjectMapper writes: ISO-8601 instants, unknown fields ignored. */
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static String bootstrap;

    @BeforeAll
    static void broker() {
        bootstrap = RealInfrastructure.kafkaBootstrapServers();
    }

    @Test
    void acceptedMessagesArriveOnceEachAndAGroupResumesAfterItsCommit() throws Exception {
        String group = "relay-" + UUID.randomUUID();
        Map<String, MessageAccepted> sent = new LinkedHashMap<>();
        Map<String, Integer> partitionOf = new HashMap<>();
        try (KafkaProducer<String, byte[]> producer = ingressProducer()) {
            // One acknowledged record per partition first: a burst into partitions whose leadership
            // is still settling (the topics are new) can leave the idempotent producer retrying.
            for (int p = 0; p < RealInfrastructure.PARTITIONS; p++) {
                MessageAccepted event = accepted(p);
                sent.put(event.messageId(), event);
                producer.send(new ProducerRecord<>(Topics.INBOUND, p, event.messageId(), JSON.writeValueAsBytes(event)))
                        .get(30, TimeUnit.SECONDS);
            }
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (int i = RealInfrastructure.PARTITIONS; i < 200; i++) {
                MessageAccepted event = accepted(i);
                sent.put(event.messageId(), event);
                acks.add(producer.send(new ProducerRecord<>(Topics.INBOUND, event.messageId(), JSON.writeValueAsBytes(event))));
            }
            for (Future<RecordMetadata> ack : acks) {
                RecordMetadata m = ack.get(30, TimeUnit.SECONDS);
                assertThat(m.partition()).isBetween(0, RealInfrastructure.PARTITIONS - 1);
            }
        }

        Map<String, MessageAccepted> received = new LinkedHashMap<>();
        try (KafkaConsumer<String, byte[]> relay = relayConsumer(group)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (received.size() < sent.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : relay.poll(Duration.ofMillis(500))) {
                    MessageAccepted event = JSON.readValue(r.value(), MessageAccepted.class);
                    if (!sent.containsKey(event.messageId())) {
                        continue; // another test's record
                    }
                    assertThat(received.put(event.messageId(), event)).as("delivered twice: " + event.messageId()).isNull();
                    assertThat(r.key()).isEqualTo(event.messageId());
                    partitionOf.put(r.key(), r.partition());
                }
                relay.commitSync(); // only after the batch is "durable"
            }
        }
        assertThat(received).containsExactlyInAnyOrderEntriesOf(sent);
        assertThat(partitionOf.values()).as("keys spread over the partitions").hasSizeGreaterThan(1);

        // The group's commit holds: a new member of the group sees only what came after it.
        MessageAccepted late = accepted(1000);
        try (KafkaProducer<String, byte[]> producer = ingressProducer()) {
            producer.send(new ProducerRecord<>(Topics.INBOUND, late.messageId(), JSON.writeValueAsBytes(late)))
                    .get(30, TimeUnit.SECONDS);
        }
        List<String> afterRestart = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> relay = relayConsumer(group)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!afterRestart.contains(late.messageId()) && System.nanoTime() < deadline) {
                relay.poll(Duration.ofMillis(500)).forEach(r -> afterRestart.add(r.key()));
            }
        }
        assertThat(afterRestart).containsExactly(late.messageId());
    }

    /** smtp-ingress's producer settings for mail.inbound (see its application.properties). */
    private static KafkaProducer<String, byte[]> ingressProducer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "25000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "20000");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<String, byte[]> relayConsumer(String group) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(Topics.INBOUND));
        return consumer;
    }

    private static MessageAccepted accepted(int n) {
        String id = "q" + n + "-" + UUID.randomUUID();
        return new MessageAccepted(MessageAccepted.SCHEMA_VERSION, id, "b".repeat(64), 1000 + n, "sender@remote.test",
                List.of("alice@example.test", "bob" + n + "@example.test"), Instant.now().truncatedTo(ChronoUnit.MILLIS),
                "192.0.2.1", "client.remote.test", null, n % 2 == 0, n % 3 == 0 ? "HDRS" : null, null,
                List.of(new MessageAccepted.RecipientDsn("alice@example.test", "FAILURE,DELAY", null)));
    }
}
