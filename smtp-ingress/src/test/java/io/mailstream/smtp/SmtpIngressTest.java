package io.mailstream.smtp;

import io.mailstream.testkit.TlsTestResources;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoDatabase;

import io.mailstream.core.Topics;
import io.mailstream.store.BlobStore;
import io.mailstream.store.Directory;
import io.mailstream.testkit.MailstreamTestResources;
import io.mailstream.testkit.NativeTransport;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;

import jakarta.inject.Inject;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * smtp-ingress as it runs: real TCP, the real directory and blob store on the Mongo-wire store,
 * a real Kafka broker. A 250 must mean the blob is in MongoDB and MessageAccepted is on the topic.
 */
@QuarkusTest
@QuarkusTestResource(MailstreamTestResources.class)
@QuarkusTestResource(TlsTestResources.class)
class SmtpIngressTest {

    private static final Pattern QUEUED = Pattern.compile("^250 2\\.0\\.0 Ok: queued as ([0-9A-Z]{18})\r?\n?$");

    @Inject
    Directory directory;
    @Inject
    BlobStore blobs;
    @Inject
    MongoDatabase db;
    @Inject
    SmtpServer server;
    @Inject
    Vertx vertx;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @BeforeEach
    void accounts() {
        directory.addDomain("example.test");
        if (directory.findUser("alice@example.test").isEmpty()) {
            directory.addUser("alice@example.test", "alice-password");
        }
    }

    @Test
    void rawSocketMessageIsStoredAndPublishedBeforeThe250() throws Exception {
        String headers = "From: Sender <sender@remote.test>\r\nTo: alice@example.test\r\nSubject: Gr\u00fc\u00dfe\r\n\r\n";
        String wire = headers + "..a line that starts with a dot\r\n. \r\n..\r\nend\r\n";
        String message = headers + ".a line that starts with a dot\r\n \r\n.\r\nend\r\n";
        try (RawSmtpClient c = new RawSmtpClient(server.port())) {
            assertThat(c.reply()).isEqualTo("220 localhost ESMTP Mailstream\r\n");
            assertThat(c.command("EHLO client.test")).startsWith("250-localhost\r\n").contains("250-8BITMIME\r\n");
            assertThat(c.command("MAIL FROM:<sender@remote.test> BODY=8BITMIME")).isEqualTo("250 2.1.0 Sender ok\r\n");
            assertThat(c.command("RCPT TO:<alice@example.test>")).isEqualTo("250 2.1.5 Recipient ok\r\n");
            assertThat(c.command("DATA")).startsWith("354 ");
            long blobsBefore = db.getCollection("blobs").countDocuments();
            long offsetBefore = endOffset(Topics.INBOUND);

            c.write(wire + ".\r\n");
            String reply = c.reply();

            // No waiting: by the time of the 250 both must already be durable.
            assertThat(db.getCollection("blobs").countDocuments()).isEqualTo(blobsBefore + 1);
            assertThat(endOffset(Topics.INBOUND)).isGreaterThan(offsetBefore);
            String queueId = queueId(reply);

            JsonNode accepted = record(Topics.INBOUND, queueId);
            assertThat(accepted.get("schemaVersion").asInt()).isEqualTo(1);
            assertThat(accepted.get("messageId").asText()).isEqualTo(queueId);
            assertThat(accepted.get("acceptedAt").isTextual()).as("ISO-8601 instant").isTrue();
            assertThat(accepted.get("sender").asText()).isEqualTo("sender@remote.test");
            assertThat(accepted.get("recipients")).hasSize(1);
            assertThat(accepted.get("recipients").get(0).asText()).isEqualTo("alice@example.test");
            assertThat(accepted.get("heloName").asText()).isEqualTo("client.test");
            byte[] stored = blobs.get(accepted.get("blobId").asText()).orElseThrow();
            assertThat(accepted.get("size").asLong()).isEqualTo(stored.length);

            String received = receivedHeader(stored);
            assertThat(received).startsWith("Received: from client.test ([127.0.0.1])\r\n\tby localhost with ESMTP id "
                    + queueId + "\r\n\tfor <alice@example.test>;\r\n\t");
            assertThat(Arrays.copyOfRange(stored, received.length(), stored.length)).isEqualTo(
                    message.getBytes(StandardCharsets.UTF_8));

            JsonNode event = record(Topics.EVENTS, queueId);
            assertThat(event.get("type").asText()).isEqualTo("ACCEPTED");
            assertThat(event.get("service").asText()).isEqualTo("smtp-ingress");
            assertThat(c.command("QUIT")).isEqualTo("221 2.0.0 Bye\r\n");
        }
    }

    @Test
    void angusMailClientSendsAMessageByteExact() throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(server.port()));
        props.put("mail.smtp.localhost", "angus.test");
        props.put("mail.smtp.connectiontimeout", "10000");
        props.put("mail.smtp.timeout", "40000");
        Session session = Session.getInstance(props);
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("sender@remote.test", "J\u00f6rg Sender", "UTF-8"));
        message.setRecipients(RecipientType.TO, "alice@example.test");
        message.setSubject("Gr\u00fc\u00dfe aus K\u00f6ln", "UTF-8");
        message.setText(".leading dot\r\n..two dots\r\n.\r\nlast line\r\n", "UTF-8");
        message.saveChanges();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        message.writeTo(expected);

        String response;
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect();
            transport.sendMessage(message, message.getAllRecipients());
            response = ((SMTPTransport) transport).getLastServerResponse();
        }
        String queueId = queueId(response);
        JsonNode accepted = record(Topics.INBOUND, queueId);
        byte[] stored = blobs.get(accepted.get("blobId").asText()).orElseThrow();
        String received = receivedHeader(stored);
        assertThat(received).startsWith("Received: from angus.test ([127.0.0.1])");
        assertThat(Arrays.copyOfRange(stored, received.length(), stored.length)).isEqualTo(expected.toByteArray());
    }

    @Test
    void recipientPolicyOverTcp() throws Exception {
        try (RawSmtpClient c = new RawSmtpClient(server.port())) {
            c.reply();
            c.command("EHLO client.test");
            c.command("MAIL FROM:<>");
            assertThat(c.command("RCPT TO:<nobody@example.test>"))
                    .isEqualTo("550 5.1.1 <nobody@example.test>: Recipient address rejected: user unknown\r\n");
            assertThat(c.command("RCPT TO:<alice@elsewhere.test>"))
                    .isEqualTo("554 5.7.1 <alice@elsewhere.test>: Relay access denied\r\n");
            assertThat(c.command("RCPT TO:<PostMaster@Example.Test>")).isEqualTo("250 2.1.5 Recipient ok\r\n");
            assertThat(c.command("RCPT TO:<postmaster>")).isEqualTo("250 2.1.5 Recipient ok\r\n");
            assertThat(c.command("VRFY nobody@example.test")).startsWith("252 2.5.0 ");
            assertThat(c.command("DATA")).startsWith("354 ");
            String reply = c.command("Subject: bounce\r\n\r\nfor the postmaster\r\n.");
            JsonNode accepted = record(Topics.INBOUND, queueId(reply));
            assertThat(accepted.get("sender").asText()).isEmpty();
            assertThat(accepted.get("recipients").toString())
                    .isEqualTo("[\"PostMaster@example.test\",\"postmaster@localhost\"]");
        }
    }

    @Test
    void chunkingUtf8AndDsnTranscriptReachTheEvent() throws Exception {
        if (directory.findUser("j\u00f6rg@example.test").isEmpty()) {
            directory.addUser("j\u00f6rg@example.test", "j\u00f6rg-password");
        }
        String body = "Subject: chunks\r\n\r\n.not stuffed\r\n";
        try (RawSmtpClient c = new RawSmtpClient(server.port())) {
            c.reply();
            assertThat(c.command("EHLO client.test")).contains("250-CHUNKING\r\n", "250-DSN\r\n", "250 SMTPUTF8\r\n");
            assertThat(c.command("MAIL FROM:<s\u00e9nder@b\u00fccher.example> SMTPUTF8 RET=HDRS ENVID=env+2B1"))
                    .isEqualTo("250 2.1.0 Sender ok\r\n");
            assertThat(c.command("RCPT TO:<J\u00f6rg@example.test> NOTIFY=FAILURE,DELAY ORCPT=utf-8;J+C3+B6rg@example.test"))
                    .isEqualTo("250 2.1.5 Recipient ok\r\n");
            c.write("BDAT 16\r\n" + body.substring(0, 16));
            assertThat(c.reply()).isEqualTo("250 2.0.0 Ok: 16 octets received\r\n");
            c.write("BDAT " + (body.length() - 16) + " LAST\r\n" + body.substring(16));
            JsonNode accepted = record(Topics.INBOUND, queueId(c.reply()));
            assertThat(accepted.get("smtpUtf8").asBoolean()).isTrue();
            assertThat(accepted.get("sender").asText()).isEqualTo("s\u00e9nder@xn--bcher-kva.example");
            assertThat(accepted.get("dsnRet").asText()).isEqualTo("HDRS");
            assertThat(accepted.get("dsnEnvid").asText()).isEqualTo("env+2B1");
            assertThat(accepted.get("recipientDsn").get(0).get("recipient").asText()).isEqualTo("J\u00f6rg@example.test");
            assertThat(accepted.get("recipientDsn").get(0).get("notifyOn").asText()).isEqualTo("FAILURE,DELAY");
            assertThat(accepted.get("recipientDsn").get(0).get("orcpt").asText()).isEqualTo("utf-8;J+C3+B6rg@example.test");
            byte[] stored = blobs.get(accepted.get("blobId").asText()).orElseThrow();
            String received = receivedHeader(stored);
            assertThat(new String(stored, received.length(), stored.length - received.length(), StandardCharsets.UTF_8))
                    .isEqualTo(body);
            assertThat(new String(stored, StandardCharsets.UTF_8)).contains(" with UTF8SMTP id ");
        }
    }

    @Test
    void healthAndMetrics() throws Exception {
        try (RawSmtpClient c = new RawSmtpClient(server.port())) {
            c.reply();
            assertThat(c.command("NOOP")).isEqualTo("250 2.0.0 Ok\r\n");
            given().when().get("/q/metrics").then().statusCode(200)
                    .body(containsString("mailstream_smtp_sessions_active"))
                    .body(containsString("mailstream_smtp_sessions_total"))
                    .body(containsString("mailstream_smtp_command_seconds_count{command=\"NOOP\""));
        }
        given().when().get("/q/health/ready").then().statusCode(200)
                .body(containsString("smtp-listener"))
                .body(containsString("\"port\": " + server.port()));
    }

    // ---- helpers ------------------------------------------------------------------------

    private static String queueId(String reply) {
        Matcher m = QUEUED.matcher(reply);
        assertThat(m.matches()).as(reply).isTrue();
        return m.group(1);
    }

    /** The Received header we prepended: up to the first line end that is not followed by a fold. */
    private static String receivedHeader(byte[] stored) {
        String s = new String(stored, StandardCharsets.ISO_8859_1);
        int i = 0;
        while (true) {
            int crlf = s.indexOf("\r\n", i);
            if (s.charAt(crlf + 2) != '\t') {
                return s.substring(0, crlf + 2);
            }
            i = crlf + 2;
        }
    }

    private long endOffset(String topic) {
        return new KafkaRecords(bootstrap).endOffset(topic);
    }

    private JsonNode record(String topic, String key) {
        return new KafkaRecords(bootstrap).record(topic, key);
    }

    @Test
    void listenersRunOnNativeEpollWhereItIsShipped() {
        NativeTransport.assertEnabled(vertx.isNativeTransportEnabled());
    }
}
