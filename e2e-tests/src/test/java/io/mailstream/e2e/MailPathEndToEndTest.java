package io.mailstream.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole mail path as it runs in production ({@link E2eStack}: the four services as fast-jar
 * processes against a real Kafka broker and the Mongo-wire store), driven over TCP by a stock
 * client (Angus Mail) and by raw transcripts where the exact bytes matter, without TLS. The steps
 * build on each other (directory → SMTP → IMAP → POP3 → flags), so they run in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(E2eStack.Shared.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MailPathEndToEndTest {

    private static final String DOMAIN = "example.test";
    private static final String ALICE = "alice@" + DOMAIN;
    /** A space and a quote: both IMAP LOGIN quoting and the admin API's JSON must carry them. */
    private static final String PASSWORD = "correct horse \"42\"";
    private static final String HOSTNAME = E2eStack.HOSTNAME;
    private static final String TOKEN = E2eStack.TOKEN;
    /** The envelope senders of the two messages, which delivery records as Return-Path. */
    private static final String ANGUS_SENDER = "juergen@remote.test";
    private static final String RAW_SENDER = "sender@remote.test";
    /** Sent with Angus Mail: an RFC 2047 Subject, and body lines SMTP must dot-stuff and unstuff. */
    private static final String ANGUS_SUBJECT = "Grüße aus Köln ☃ — über SMTP";
    private static final String ANGUS_BODY = ".This line starts with a dot\r\n"
            + "..and this one with two\r\n"
            + ".\r\n"
            + "The line above is a single dot; the message does not end there.\r\n"
            + "Last line.\r\n";

    private E2eStack stack;
    private int smtpPort;
    private int imapPort;
    private int pop3Port;

    /** What the stock client sent, and the exact bytes of the raw-socket message. */
    private String angusMessageId;
    private byte[] angusBytes;
    private final String rawMessageId = "<raw-" + UUID.randomUUID() + "@e2e.test>";
    private byte[] rawBytes;

    @BeforeAll
    void useStack(E2eStack stack) {
        this.stack = stack;
        smtpPort = stack.smtpPort;
        imapPort = stack.imapPort;
        pop3Port = stack.pop3Port;
    }

    @Test
    @Order(1)
    void theAdminApiCreatesTheDomainAndTheUser() throws Exception {
        assertThat(admin("GET", "/api/v1/domains", null, "wrong-token").statusCode()).isEqualTo(401);
        assertThat(admin("GET", "/api/v1/domains", null, null).statusCode()).isEqualTo(401);

        String domain = "{\"name\":\"" + DOMAIN + "\"}";
        assertThat(admin("POST", "/api/v1/domains", domain, TOKEN).statusCode()).isEqualTo(201);
        HttpResponse<String> again = admin("POST", "/api/v1/domains", domain, TOKEN);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("\"error\"");

        String user = "{\"address\":\"" + ALICE + "\",\"password\":\"" + PASSWORD.replace("\"", "\\\"") + "\"}";
        assertThat(admin("POST", "/api/v1/users", user, TOKEN).statusCode()).isEqualTo(201);
        String stranger = "{\"address\":\"bob@unknown.test\",\"password\":\"pw\"}";
        assertThat(admin("POST", "/api/v1/users", stranger, TOKEN).statusCode()).isEqualTo(400);

        HttpResponse<String> domains = admin("GET", "/api/v1/domains", null, TOKEN);
        assertThat(domains.statusCode()).isEqualTo(200);
        assertThat(domains.body()).contains("\"" + DOMAIN + "\"");
        HttpResponse<String> users = admin("GET", "/api/v1/users?domain=" + DOMAIN, null, TOKEN);
        assertThat(users.statusCode()).isEqualTo(200);
        assertThat(users.body()).contains("\"" + ALICE + "\"").doesNotContain("horse");
    }

    @Test
    @Order(2)
    void smtpRejectsUnknownUsersAndForeignDomainsButAcceptsPostmaster() throws Exception {
        try (SmtpWire smtp = new SmtpWire(smtpPort)) {
            assertThat(smtp.greeting.code()).isEqualTo(220);
            assertThat(smtp.greeting.text()).contains(HOSTNAME);
            assertThat(smtp.command("EHLO client.e2e.test").code()).isEqualTo(250);
            assertThat(smtp.command("MAIL FROM:<sender@remote.test>").code()).isEqualTo(250);

            SmtpWire.Reply unknown = smtp.command("RCPT TO:<nobody@" + DOMAIN + ">");
            assertThat(unknown.code()).as(unknown.text()).isEqualTo(550);
            assertThat(unknown.text()).contains("5.1.1");
            SmtpWire.Reply foreign = smtp.command("RCPT TO:<someone@elsewhere.test>");
            assertThat(foreign.code()).as(foreign.text()).isEqualTo(554);
            assertThat(foreign.text()).contains("5.7.1");
            assertThat(smtp.command("RCPT TO:<postmaster@" + DOMAIN + ">").code()).isEqualTo(250);

            assertThat(smtp.command("RSET").code()).isEqualTo(250);
            assertThat(smtp.command("QUIT").code()).isEqualTo(221);
        }
    }

    @Test
    @Order(3)
    void acceptsMailFromAStockClientAndFromARawSession() throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", Integer.toString(smtpPort));
        props.put("mail.smtp.localhost", "client.e2e.test");
        props.put("mail.smtp.connectiontimeout", "5000");
        props.put("mail.smtp.timeout", "15000");
        MimeMessage message = new MimeMessage(Session.getInstance(props));
        message.setFrom(new InternetAddress(ANGUS_SENDER, "Jürgen Müller", "UTF-8"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(ALICE));
        message.setSubject(ANGUS_SUBJECT, "UTF-8");
        message.setText(ANGUS_BODY, "UTF-8");
        Transport.send(message);
        angusMessageId = message.getMessageID();
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        message.writeTo(sent);
        angusBytes = sent.toByteArray();
        assertThat(latin1(angusBytes)).contains("Subject: =?UTF-8?").contains("\r\n..and this one with two\r\n");

        rawBytes = (String.join("\r\n",
                "From: =?UTF-8?Q?Zo=C3=AB?= <sender@remote.test>",
                "To: Alice <" + ALICE + ">",
                "Subject: =?UTF-8?Q?Caf=C3=A9_=E2=80=94_raw_bytes?=",
                "Message-ID: " + rawMessageId,
                "Date: Mon, 02 Mar 2026 10:00:00 +0000",
                "MIME-Version: 1.0",
                "Content-Type: text/plain; charset=us-ascii",
                "",
                ".starts with a dot",
                "..starts with two dots",
                ".",
                "trailing spaces   ",
                "\tstarts with a tab",
                " . a dot after a space",
                "",
                "end") + "\r\n").getBytes(StandardCharsets.US_ASCII);
        try (SmtpWire smtp = new SmtpWire(smtpPort)) {
            assertThat(smtp.command("EHLO client.e2e.test").code()).isEqualTo(250);
            assertThat(smtp.command("MAIL FROM:<" + RAW_SENDER + ">").code()).isEqualTo(250);
            assertThat(smtp.command("RCPT TO:<" + ALICE + ">").code()).isEqualTo(250);
            SmtpWire.Reply accepted = smtp.data(rawBytes);
            assertThat(accepted.code()).as(accepted.text()).isEqualTo(250);
            assertThat(smtp.command("QUIT").code()).isEqualTo(221);
        }

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Pop3Wire pop3 = new Pop3Wire(pop3Port, ALICE, PASSWORD);
            int count = pop3.count();
            pop3.quit();
            assertThat(count).as("messages in alice's INBOX").isEqualTo(2);
        });
    }

    @Test
    @Order(4)
    void imapServesTheMessagesByteExact() throws Exception {
        try (ImapWire imap = new ImapWire(imapPort, ALICE, PASSWORD)) {
            imap.command("SELECT INBOX");
            Map<String, byte[]> byMessageId = new HashMap<>();
            for (byte[] stored : imap.fetchAllBodies().values()) {
                byMessageId.put(messageIdOf(stored), stored);
            }
            assertThat(byMessageId).containsOnlyKeys(angusMessageId, rawMessageId);
            assertStoredAsSent(byMessageId.get(angusMessageId), ANGUS_SENDER, angusBytes);
            assertStoredAsSent(byMessageId.get(rawMessageId), RAW_SENDER, rawBytes);
            imap.command("LOGOUT");
        }

        try (Store store = imapStore()) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            Message angus = find(inbox, angusMessageId);
            assertThat(angus.getSubject()).isEqualTo(ANGUS_SUBJECT);
            assertThat(angus.getContent()).isEqualTo(ANGUS_BODY);
            assertThat(find(inbox, rawMessageId).getSubject()).isEqualTo("Café — raw bytes");
            assertThat(angus.isSet(Flags.Flag.SEEN)).as("\\Seen before any client set it").isFalse();
            inbox.close(false);
        }
    }

    @Test
    @Order(5)
    void pop3ServesTheMessagesByteExact() throws Exception {
        Pop3Wire pop3 = new Pop3Wire(pop3Port, ALICE, PASSWORD);
        Map<String, byte[]> byMessageId = new HashMap<>();
        for (int n = 1; n <= 2; n++) {
            byte[] stored = pop3.retr(n);
            byMessageId.put(messageIdOf(stored), stored);
        }
        pop3.quit();
        assertThat(byMessageId).containsOnlyKeys(angusMessageId, rawMessageId);
        assertStoredAsSent(byMessageId.get(angusMessageId), ANGUS_SENDER, angusBytes);
        assertStoredAsSent(byMessageId.get(rawMessageId), RAW_SENDER, rawBytes);

        Properties props = new Properties();
        props.put("mail.pop3.connectiontimeout", "5000");
        props.put("mail.pop3.timeout", "15000");
        try (Store store = Session.getInstance(props).getStore("pop3")) {
            store.connect("127.0.0.1", pop3Port, ALICE, PASSWORD);
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            assertThat(inbox.getMessageCount()).isEqualTo(2);
            List<String> subjects = new ArrayList<>();
            for (Message m : inbox.getMessages()) {
                subjects.add(m.getSubject());
            }
            assertThat(subjects).containsExactlyInAnyOrder(ANGUS_SUBJECT, "Café — raw bytes");
            inbox.close(false);
        }
    }

    @Test
    @Order(6)
    void flagsAndExpungeAreStoredForTheNextSession() throws Exception {
        try (Store store = imapStore()) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            find(inbox, angusMessageId).setFlag(Flags.Flag.SEEN, true);
            find(inbox, rawMessageId).setFlag(Flags.Flag.DELETED, true);
            inbox.close(false);
        }
        try (Store store = imapStore()) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            assertThat(find(inbox, angusMessageId).isSet(Flags.Flag.SEEN)).isTrue();
            Message raw = find(inbox, rawMessageId);
            assertThat(raw.isSet(Flags.Flag.DELETED)).isTrue();
            assertThat(raw.isSet(Flags.Flag.SEEN)).isFalse();
            Message[] expunged = inbox.expunge();
            assertThat(expunged).hasSize(1);
            inbox.close(false);
        }
        Pop3Wire pop3 = new Pop3Wire(pop3Port, ALICE, PASSWORD);
        assertThat(pop3.count()).isEqualTo(1);
        assertThat(messageIdOf(pop3.retr(1))).isEqualTo(angusMessageId);
        pop3.quit();
    }

    // ------------------------------------------------------------------------------------------

    private HttpResponse<String> admin(String method, String path, String json, String token) throws Exception {
        return stack.admin(method, path, json, token);
    }

    /** Angus IMAP with BODY.PEEK, so that reading a message does not set \Seen behind the test's back. */
    private Store imapStore() throws MessagingException {
        Properties props = new Properties();
        props.put("mail.imap.peek", "true");
        props.put("mail.imap.connectiontimeout", "5000");
        props.put("mail.imap.timeout", "15000");
        Store store = Session.getInstance(props).getStore("imap");
        store.connect("127.0.0.1", imapPort, ALICE, PASSWORD);
        return store;
    }

    private static Message find(Folder folder, String messageId) throws MessagingException {
        for (Message m : folder.getMessages()) {
            String[] ids = m.getHeader("Message-ID");
            if (ids != null && Arrays.asList(ids).contains(messageId)) {
                return m;
            }
        }
        throw new AssertionError("no message " + messageId + " in " + folder.getFullName());
    }

    /**
     * The stored message must be exactly what was sent, after the trace fields delivery adds
     * (Return-Path with the envelope sender, Delivered-To with the account) and the one Received
     * header the ingress prepends, which must name this installation.
     */
    private static void assertStoredAsSent(byte[] stored, String envelopeSender, byte[] sent) {
        String text = latin1(stored);
        String delivery = "Return-Path: <" + envelopeSender + ">\r\nDelivered-To: " + ALICE + "\r\n";
        assertThat(text).startsWith(delivery + "Received: ");
        int start = delivery.length();
        int end = start;
        do {
            end = text.indexOf("\r\n", end) + 2;
        } while (end > 1 && end < text.length() && (text.charAt(end) == ' ' || text.charAt(end) == '\t'));
        assertThat(end).as("end of the Received header").isGreaterThan(start);
        assertThat(text.substring(start, end)).contains(HOSTNAME);
        assertThat(text.substring(end)).isEqualTo(latin1(sent));
    }

    private static String messageIdOf(byte[] message) {
        for (String line : latin1(message).split("\r\n")) {
            if (line.isEmpty()) {
                break;
            }
            if (line.regionMatches(true, 0, "Message-ID:", 0, 11)) {
                return line.substring(11).trim();
            }
        }
        throw new AssertionError("no Message-ID in\n" + latin1(message));
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
