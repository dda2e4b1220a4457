package io.mailstream.mailbox.pop3;

import io.mailstream.testkit.TlsTestResources;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.mailstream.store.BlobStore;
import io.mailstream.store.Directory;
import io.mailstream.store.Mailbox;
import io.mailstream.store.MailboxStore;
import io.mailstream.store.MessageStore;
import io.mailstream.store.StoredMessage;
import io.mailstream.testkit.MailstreamTestResources;
import io.mailstream.testkit.NativeTransport;
import io.mailstream.testkit.TestTls;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;

import jakarta.inject.Inject;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.eclipse.angus.mail.pop3.POP3Folder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * POP3 over real TCP: a stock client (Angus Mail) over STLS and POP3S, and raw sockets, against the
 * running service. In the test profile plaintext logins are not allowed, not even from loopback.
 */
@QuarkusTest
@QuarkusTestResource(MailstreamTestResources.class)
@QuarkusTestResource(TlsTestResources.class)
class Pop3ServerTest {

    private static final String DOMAIN = "pop3tcp.test";
    private static final String PASSWORD = "tcp secret";
    private static int users;

    @Inject
    Pop3Server server;
    @Inject
    Vertx vertx;
    @Inject
    Directory directory;
    @Inject
    BlobStore blobs;
    @Inject
    MailboxStore mailboxes;
    @Inject
    MessageStore messages;

    private String user;

    @BeforeEach
    void freshUser() {
        directory.addDomain(DOMAIN);
        user = "tcp" + (++users) + "." + System.nanoTime() + "@" + DOMAIN;
        directory.addUser(user, PASSWORD);
    }

    private StoredMessage deliver(byte[] raw) {
        return Mail.deliver(blobs, mailboxes, messages, user, raw);
    }

    private List<Long> storedUids() {
        Mailbox inbox = mailboxes.find(user, Mailbox.INBOX).orElseThrow();
        return messages.list(inbox.id()).stream().map(StoredMessage::uid).toList();
    }

    /** A stock client that upgrades with STLS (and refuses to go on without it). */
    private Store connect() throws Exception {
        Properties props = new Properties();
        props.put("mail.pop3.connectiontimeout", "10000");
        props.put("mail.pop3.timeout", "10000");
        props.put("mail.pop3.starttls.enable", "true");
        props.put("mail.pop3.starttls.required", "true");
        props.put("mail.pop3.ssl.socketFactory", TestTls.clientContext().getSocketFactory());
        Store store = Session.getInstance(props).getStore("pop3");
        store.connect("127.0.0.1", server.port(), user, PASSWORD);
        return store;
    }

    /** A stock client on the implicit-TLS port. */
    private Store connectPop3s() throws Exception {
        Properties props = new Properties();
        props.put("mail.pop3s.connectiontimeout", "10000");
        props.put("mail.pop3s.timeout", "10000");
        props.put("mail.pop3s.ssl.socketFactory", TestTls.clientContext().getSocketFactory());
        Store store = Session.getInstance(props).getStore("pop3s");
        store.connect("127.0.0.1", server.securePort(), user, PASSWORD);
        return store;
    }

    private Socket pop3s() throws Exception {
        Socket s = TestTls.clientContext().getSocketFactory().createSocket("127.0.0.1", server.securePort());
        s.setSoTimeout(10_000);
        return s;
    }

    @Test
    void stockClientReadsMessagesByteExactAndDeletesOnQuit() throws Exception {
        byte[] first = ("From: a@remote.test\r\nTo: " + user + "\r\nSubject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\r\n\r\n"
                + ".starts with a dot\r\n.\r\n..\r\nlast line\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] second = Mail.message("second", "plain body");
        StoredMessage m1 = deliver(first);
        StoredMessage m2 = deliver(second);

        Store store = connect();
        Folder inbox = store.getFolder("INBOX");
        inbox.open(Folder.READ_WRITE);
        Message[] msgs = inbox.getMessages();
        assertThat(msgs).hasSize(2);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        msgs[0].writeTo(got);
        assertThat(got.toByteArray()).isEqualTo(first);
        assertThat(msgs[1].getSubject()).isEqualTo("second");
        assertThat(msgs[0].getSubject()).isEqualTo("Grüße");
        String uid1 = ((POP3Folder) inbox).getUID(msgs[0]);
        assertThat(uid1).isNotBlank();
        msgs[0].setFlag(Flags.Flag.DELETED, true);
        inbox.close(true);
        store.close();

        assertThat(storedUids()).containsExactly(m2.uid());

        Store again = connect();
        Folder inbox2 = again.getFolder("INBOX");
        inbox2.open(Folder.READ_ONLY);
        assertThat(inbox2.getMessageCount()).isEqualTo(1);
        assertThat(((POP3Folder) inbox2).getUID(inbox2.getMessage(1))).isNotEqualTo(uid1);
        ByteArrayOutputStream got2 = new ByteArrayOutputStream();
        inbox2.getMessage(1).writeTo(got2);
        assertThat(got2.toByteArray()).isEqualTo(second);
        inbox2.close(false);
        again.close();
        assertThat(m1.uid()).isLessThan(m2.uid());
    }

    @Test
    void rawTranscriptIsDotStuffedAndADroppedConnectionDeletesNothing() throws Exception {
        byte[] raw = Mail.message("raw", ".dot", "x");
        deliver(raw);
        String expectedBody = new String(raw, StandardCharsets.UTF_8).replace("\r\n.dot", "\r\n..dot");
        try (Socket s = pop3s()) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            assertThat(readLine(in)).startsWith("+OK Mailstream POP3 server ready");
            out.write(("USER " + user + "\r\nPASS " + PASSWORD + "\r\nRETR 1\r\nDELE 1\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(readLine(in)).isEqualTo("+OK send PASS\r\n");
            assertThat(readLine(in)).startsWith("+OK maildrop has 1 message ");
            String retr = readUntil(in, "\r\n.\r\n");
            assertThat(retr).isEqualTo("+OK " + raw.length + " octets\r\n" + expectedBody + ".\r\n");
            assertThat(readLine(in)).isEqualTo("+OK message 1 deleted\r\n");
        }
        // The connection is gone without QUIT; wait until the server has seen it go.
        Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> server.activeConnections() == 0);
        assertThat(storedUids()).hasSize(1);
    }

    @Test
    void pop3sServesAStockClient() throws Exception {
        byte[] raw = Mail.message("over pop3s", "secret body");
        deliver(raw);
        Store store = connectPop3s();
        Folder inbox = store.getFolder("INBOX");
        inbox.open(Folder.READ_ONLY);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        inbox.getMessage(1).writeTo(got);
        assertThat(got.toByteArray()).isEqualTo(raw);
        inbox.close(false);
        store.close();
    }

    @Test
    void plaintextLoginIsRefusedAndStlsIsOffered() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            assertThat(readLine(in)).startsWith("+OK Mailstream POP3 server ready");
            out.write(("CAPA\r\nUSER " + user + "\r\nPASS " + PASSWORD + "\r\n").getBytes(StandardCharsets.US_ASCII));
            String capa = readUntil(in, "\r\n.\r\n");
            assertThat(capa).contains("\r\nSTLS\r\n").doesNotContain("USER").doesNotContain("SASL");
            assertThat(readLine(in)).startsWith("-ERR [AUTH] plaintext authentication disallowed");
            assertThat(readLine(in)).startsWith("-ERR [AUTH] plaintext authentication disallowed");
        }
    }

    /** CVE-2011-0411: commands pipelined behind STLS in clear text must not run inside the TLS session. */
    @Test
    void commandsInjectedBehindStlsAreDiscarded() throws Exception {
        try (Socket plain = new Socket("127.0.0.1", server.port())) {
            plain.setSoTimeout(10_000);
            InputStream in = plain.getInputStream();
            assertThat(readLine(in)).startsWith("+OK Mailstream POP3 server ready");
            plain.getOutputStream().write(("STLS\r\nUSER " + user + "\r\nCAPA\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(readLine(in)).isEqualTo("+OK begin TLS negotiation\r\n");
            try (javax.net.ssl.SSLSocket tls = (javax.net.ssl.SSLSocket) TestTls.clientContext().getSocketFactory()
                    .createSocket(plain, "127.0.0.1", server.port(), false)) {
                tls.startHandshake();
                InputStream tin = tls.getInputStream();
                OutputStream tout = tls.getOutputStream();
                tout.write(("PASS " + PASSWORD + "\r\nNOOP\r\n").getBytes(StandardCharsets.US_ASCII));
                assertThat(readLine(tin)).as("the USER sent in clear text was dropped").isEqualTo("-ERR send USER first\r\n");
                assertThat(readLine(tin)).isEqualTo("-ERR command not valid in this state\r\n");
                tout.write(("USER " + user + "\r\nPASS " + PASSWORD + "\r\nQUIT\r\n").getBytes(StandardCharsets.US_ASCII));
                assertThat(readLine(tin)).isEqualTo("+OK send PASS\r\n");
                assertThat(readLine(tin)).startsWith("+OK maildrop has 0 messages");
                assertThat(readLine(tin)).startsWith("+OK Mailstream POP3 server signing off");
            }
        }
    }

    @Test
    void aSecondConnectionToAnOpenMaildropGetsInUse() throws Exception {
        deliver(Mail.message("locked", "x"));
        try (Socket first = pop3s(); Socket second = pop3s()) {
            InputStream in1 = first.getInputStream();
            InputStream in2 = second.getInputStream();
            readLine(in1);
            readLine(in2);
            first.getOutputStream().write(("USER " + user + "\r\nPASS " + PASSWORD + "\r\n").getBytes(StandardCharsets.UTF_8));
            readLine(in1);
            assertThat(readLine(in1)).startsWith("+OK maildrop has 1 message");
            second.getOutputStream().write(("USER " + user + "\r\nPASS " + PASSWORD + "\r\n").getBytes(StandardCharsets.UTF_8));
            readLine(in2);
            assertThat(readLine(in2)).isEqualTo("-ERR [IN-USE] maildrop already in use by another session\r\n");
        }
        // Both connections dropped: the lock is released, so a new session gets in.
        Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> server.activeConnections() == 0);
        connect().close();
    }

    @Test
    void readinessAndMetricsCoverPop3() throws Exception {
        given().get("/q/health/ready").then().statusCode(200).body(containsString("pop3 listener"));
        connect().close();
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("mailstream_pop3_sessions_total"))
                .body(containsString("mailstream_pop3_logins_total{result=\"success\"}"));
    }

    private static String readLine(InputStream in) throws Exception {
        return readUntil(in, "\r\n");
    }

    private static String readUntil(InputStream in, String end) throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        while (!buf.toString(StandardCharsets.UTF_8).endsWith(end)) {
            int b = in.read();
            if (b < 0) {
                throw new IllegalStateException("connection closed after: " + buf.toString(StandardCharsets.UTF_8));
            }
            buf.write(b);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void listenersRunOnNativeEpollWhereItIsShipped() {
        NativeTransport.assertEnabled(vertx.isNativeTransportEnabled());
    }
}
