package io.mailstream.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;

import io.mailstream.containers.RealInfrastructure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * One mail end to end with production's infrastructure: the four services as fast-jar processes
 * ({@link E2eStack}, as e2e-tests runs them) pointed at the real MongoDB and Kafka images. A
 * message sent over SMTP is served byte-exact over IMAP, and MongoDB holds one record of it.
 */
@Testcontainers(disabledWithoutDocker = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainersMailFlowTest {

    private static final String DOMAIN = "containers.test";
    private static final String ALICE = "alice@" + DOMAIN;
    private static final String PASSWORD = "pw-" + UUID.randomUUID();
    /** E2eStack's database name (MAILSTREAM_MONGODB_DATABASE). */
    private static final String DATABASE = "e2e";

    private E2eStack stack;

    @BeforeAll
    void startServices() {
        stack = E2eStack.start(RealInfrastructure.kafkaBootstrapServers(), RealInfrastructure.mongoConnectionString());
    }

    @AfterAll
    void stopServices() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aMessageSentOverSmtpIsServedOnceByteExactOverImap() throws Exception {
        assertThat(stack.admin("POST", "/api/v1/domains", "{\"name\":\"" + DOMAIN + "\"}", E2eStack.TOKEN).statusCode())
                .isEqualTo(201);
        assertThat(stack.admin("POST", "/api/v1/users",
                "{\"address\":\"" + ALICE + "\",\"password\":\"" + PASSWORD + "\"}", E2eStack.TOKEN).statusCode())
                .isEqualTo(201);

        String messageId = "<" + UUID.randomUUID() + "@containers.test>";
        byte[] message = (String.join("\r\n",
                "From: <sender@remote.test>",
                "To: <" + ALICE + ">",
                "Subject: real MongoDB and Kafka",
                "Message-ID: " + messageId,
                "",
                ".a line that SMTP dot-stuffs",
                "end") + "\r\n").getBytes(StandardCharsets.US_ASCII);
        try (SmtpWire smtp = new SmtpWire(stack.smtpPort)) {
            assertThat(smtp.command("EHLO client.remote.test").code()).isEqualTo(250);
            assertThat(smtp.command("MAIL FROM:<sender@remote.test>").code()).isEqualTo(250);
            assertThat(smtp.command("RCPT TO:<" + ALICE + ">").code()).isEqualTo(250);
            SmtpWire.Reply accepted = smtp.data(message);
            assertThat(accepted.code()).as(accepted.text()).isEqualTo(250);
            assertThat(smtp.command("QUIT").code()).isEqualTo(221);
        }

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            try (ImapWire imap = new ImapWire(stack.imapPort, ALICE, PASSWORD)) {
                imap.command("SELECT INBOX");
                Map<Long, byte[]> bodies = imap.fetchAllBodies();
                assertThat(bodies).hasSize(1);
                String stored = new String(bodies.values().iterator().next(), StandardCharsets.ISO_8859_1);
                assertThat(stored).startsWith("Return-Path: <sender@remote.test>\r\nDelivered-To: " + ALICE + "\r\n")
                        .endsWith(new String(message, StandardCharsets.ISO_8859_1));
            }
        });

        try (MongoClient client = MongoClients.create(RealInfrastructure.mongoConnectionString())) {
            MongoDatabase db = client.getDatabase(DATABASE);
            List<Document> records = db.getCollection("messages").find(Filters.eq("owner", ALICE)).into(new java.util.ArrayList<>());
            assertThat(records).singleElement().satisfies(d -> {
                assertThat(d.getString("header")).contains("Message-ID: " + messageId);
                assertThat(db.getCollection("blobs").countDocuments(Filters.eq("_id", d.getString("blobId"))))
                        .isEqualTo(1);
            });
        }
    }
}
