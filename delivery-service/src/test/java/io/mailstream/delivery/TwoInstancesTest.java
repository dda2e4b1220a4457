package io.mailstream.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import io.mailstream.core.Topics;
import io.mailstream.core.event.LocalDelivery;
import io.mailstream.core.event.MailEvent;
import io.mailstream.store.BlobStore;
import io.mailstream.store.Directory;
import io.mailstream.store.Mailbox;
import io.mailstream.store.MailboxStore;
import io.mailstream.store.MessageStore;
import io.mailstream.store.StoreDatabase;
import io.mailstream.store.StoredMessage;
import io.mailstream.testkit.MailstreamTestResources;
import io.mailstream.testkit.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Two delivery-service instances in one consumer group on the real broker: this application and a
 * second one made of a plain Kafka consumer and its own {@link RecipientExpander} and
 * {@link MailboxDeliverer} over its own MongoDB client. Records for 16 aliases of one account
 * spread over all partitions, so both instances fill one mailbox at once. The second instance
 * then crashes: it stored what it consumed but never committed, so its partitions go back to this
 * application, which delivers those records again. Every message must be in the mailbox once,
 * with unique UIDs.
 */
@QuarkusTest
@QuarkusTestResource(MailstreamTestResources.class)
class TwoInstancesTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int MESSAGES = 120;

    @Inject
    Directory directory;
    @Inject
    BlobStore blobs;
    @Inject
    MailboxStore mailboxes;
    @Inject
    MessageStore messages;
    @Inject
    ObjectMapper json;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @ConfigProperty(name = "quarkus.mongodb.connection-string")
    String mongo;
    @ConfigProperty(name = "mailstream.mongodb.database")
    String database;

    @Test
    void bothInstancesFillOneMailboxAndTheCrashedOnesRecordsShowOnce() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        directory.addDomain("example.test");
        String account = "shared-" + tag + "@example.test";
        directory.addUser(account, "secret-1");
        List<String> aliases = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            aliases.add("a" + i + "-" + tag + "@example.test");
            directory.addAlias(aliases.get(i), List.of(account));
        }
        String raw = "Subject: shared\r\n\r\nx\r\n";
        String blobId = blobs.put(raw.getBytes(StandardCharsets.UTF_8));

        int storedBySecond = 0;
        KafkaConsumer<String, byte[]> second = secondConsumer();
        try (TopicProbe probe = new TopicProbe(bootstrap, Topics.EVENTS);
                MongoClient client = MongoClients.create(mongo)) {
            MongoDatabase db = StoreDatabase.open(client, database);
            Directory dir = new Directory(db, Optional.empty());
            RecipientExpander expander = new RecipientExpander(dir);
            MailboxDeliverer deliverer = new MailboxDeliverer(new BlobStore(db), new MailboxStore(db),
                    new MessageStore(db), dir, Duration.ofDays(1));
            second.subscribe(List.of(Topics.LOCAL));
            await().atMost(WAIT).until(() -> {
                consume(second, tag, expander, deliverer);
                return !second.assignment().isEmpty();
            });

            for (int n = 0; n < MESSAGES; n++) {
                String alias = aliases.get(n % aliases.size());
                LocalDelivery d = new LocalDelivery(1, tag + "-m" + n, blobId, raw.length(), "s@far.example", alias,
                        alias, Instant.now());
                probe.send(Topics.LOCAL, alias, json.writeValueAsBytes(d));
            }
            // Both instances deliver until every message is in; the second never commits.
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (inbox(account).size() < MESSAGES && System.nanoTime() < deadline) {
                storedBySecond += consume(second, tag, expander, deliverer);
            }
            assertThat(inbox(account)).hasSize(MESSAGES);
            assertThat(storedBySecond).as("the second instance delivered a share").isBetween(1, MESSAGES - 1);
            // The crash: the second instance goes away with nothing committed; its partitions go back.
            second.close(Duration.ZERO);

            int redelivered = storedBySecond;
            await().atMost(WAIT).until(() -> probe.records(Topics.EVENTS).stream()
                    .map(r -> read(r.value(), MailEvent.class))
                    .filter(e -> e.messageId().startsWith(tag) && e.detail().contains("redelivered record"))
                    .map(MailEvent::messageId).distinct().count() >= redelivered);
        } finally {
            second.close(Duration.ZERO);
        }
        List<StoredMessage> inbox = inbox(account);
        assertThat(inbox).hasSize(MESSAGES);
        assertThat(inbox).extracting(StoredMessage::messageId).doesNotHaveDuplicates();
        assertThat(inbox).extracting(StoredMessage::uid).doesNotHaveDuplicates().isSorted();
        assertThat(inbox).extracting(StoredMessage::modSeq).doesNotHaveDuplicates();
    }

    /** One poll of the second instance: delivers this test's records, commits nothing. */
    private int consume(KafkaConsumer<String, byte[]> consumer, String tag, RecipientExpander expander,
            MailboxDeliverer deliverer) {
        int stored = 0;
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
            LocalDelivery d = read(r.value(), LocalDelivery.class);
            if (d == null || d.messageId() == null || !d.messageId().startsWith(tag)) {
                continue;
            }
            byte[] raw = blobs.get(d.blobId()).orElseThrow();
            for (String account : expander.expand(d).accounts()) {
                if (deliverer.deliver(d, account, raw, Instant.now()).result() == MailboxDeliverer.Result.STORED) {
                    stored++;
                }
            }
        }
        return stored;
    }

    private KafkaConsumer<String, byte[]> secondConsumer() {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "delivery-service");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private List<StoredMessage> inbox(String owner) {
        return mailboxes.find(owner, Mailbox.INBOX).map(m -> messages.list(m.id())).orElse(List.of());
    }

    private <T> T read(byte[] value, Class<T> type) {
        try {
            return json.readValue(value, type);
        } catch (Exception e) {
            return null;
        }
    }
}
