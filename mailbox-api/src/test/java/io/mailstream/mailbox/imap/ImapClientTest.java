package io.mailstream.mailbox.imap;

import io.mailstream.testkit.TlsTestResources;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mailstream.core.event.MailboxChanged;
import io.mailstream.mailbox.access.MailboxAccess;
import io.mailstream.store.BlobStore;
import io.mailstream.store.Directory;
import io.mailstream.store.Mailbox;
import io.mailstream.store.MailboxStore;
import io.mailstream.store.MessageStore;
import io.mailstream.testkit.MailstreamTestResources;
import io.mailstream.testkit.TestTls;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import jakarta.inject.Inject;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Date;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The running application over TCP with Angus Mail: STARTTLS and implicit TLS, folder
 * management, APPEND/COPY/MOVE with UIDPLUS, and IDLE woken by another session and by a
 * delivery announced on {@code mailbox.changes}.
 */
@QuarkusTest
@QuarkusTestResource(MailstreamTestResources.class)
@QuarkusTestResource(TlsTestResources.class)
class ImapClientTest {

    static final String USER = "erin@clients.test";
    static final String PASSWORD = "erin-pw";

    @Inject
    ImapServer server;
    @Inject
    Directory directory;
    @Inject
    MailboxStore mailboxes;
    @Inject
    MessageStore messages;
    @Inject
    BlobStore blobs;
    @Inject
    MailboxAccess access;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    MailSeed seed;

    @BeforeEach
    void seed() {
        seed = new MailSeed(directory, mailboxes, messages, blobs);
        if (directory.findUser(USER).isEmpty()) {
            seed.user(USER, PASSWORD);
        }
    }

    @Test
    void startTlsAndImplicitTlsCarryTheLogin() throws Exception {
        Properties p = clientProperties();
        p.put("mail.imap.starttls.enable", "true");
        p.put("mail.imap.starttls.required", "true");
        p.put("mail.imap.ssl.socketFactory", TestTls.clientContext().getSocketFactory());
        Store store = Session.getInstance(p).getStore("imap");
        store.connect("127.0.0.1", server.port(), USER, PASSWORD);
        assertThat(store.getFolder("INBOX").exists()).isTrue();
        store.close();

        p = clientProperties();
        p.put("mail.imaps.ssl.socketFactory", TestTls.clientContext().getSocketFactory());
        p.put("mail.imaps.connectiontimeout", "30000");
        p.put("mail.imaps.timeout", "30000");
        store = Session.getInstance(p).getStore("imaps");
        assertThat(server.imapsPort()).isPositive();
        store.connect("127.0.0.1", server.imapsPort(), USER, PASSWORD);
        assertThat(store.getFolder("Sent").exists()).isTrue();
        store.close();
    }

    @Test
    void foldersAppendCopyAndMoveThroughAngusMail() throws Exception {
        Store store = connect();
        try {
            Folder projects = store.getFolder("Projects/Grüße");
            if (projects.exists()) {
                projects.delete(true);
            }
            assertThat(projects.create(Folder.HOLDS_MESSAGES)).isTrue();
            assertThat(Arrays.stream(store.getDefaultFolder().list("*")).map(Folder::getFullName))
                    .contains("Projects", "Projects/Grüße", "Sent", "Drafts", "Trash", "Junk", "Archive", "INBOX");

            IMAPFolder folder = (IMAPFolder) projects;
            MimeMessage m = new MimeMessage(Session.getInstance(clientProperties()));
            m.setFrom(new InternetAddress("erin@clients.test"));
            m.setSubject("Draft über alles", "UTF-8");
            m.setText("body text", "UTF-8");
            m.setFlag(Flags.Flag.DRAFT, true);
            var appended = folder.appendUIDMessages(new Message[] {m});
            assertThat(appended[0].uid).isEqualTo(1);

            folder.open(Folder.READ_WRITE);
            assertThat(folder.getMessageCount()).isEqualTo(1);
            assertThat(folder.getMessage(1).getSubject()).isEqualTo("Draft über alles");
            assertThat(folder.getMessage(1).isSet(Flags.Flag.DRAFT)).isTrue();
            var copied = folder.copyUIDMessages(folder.getMessages(), store.getFolder("Archive"));
            assertThat(copied[0].uid).isPositive();
            Message[] all = folder.getMessages();
            folder.moveMessages(all, store.getFolder("Trash"));
            assertThat(all[0].isExpunged()).as("MOVE reported the expunge").isTrue();
            folder.close(false);

            Folder renamed = store.getFolder("Projects/Renamed");
            assertThat(projects.renameTo(renamed)).isTrue();
            assertThat(renamed.exists()).isTrue();
            assertThat(store.getFolder("Projects/Grüße").exists()).isFalse();
            assertThat(renamed.delete(false)).isTrue();
            assertThat(renamed.exists()).isFalse();
            Folder trash = store.getFolder("Trash");
            trash.open(Folder.READ_ONLY);
            assertThat(Arrays.stream(trash.getMessages()).map(x -> {
                try {
                    return x.getSubject();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            })).contains("Draft über alles");
            trash.close(false);
        } finally {
            store.close();
        }
    }

    @Test
    void idleIsWokenByAnotherSessionAndByADeliveryOnKafka() throws Exception {
        Mailbox inbox = access.inbox(USER);
        access.expunge(inbox, access.messages(inbox).stream().map(x -> x.uid()).toList());
        try (Socket socket = new Socket("127.0.0.1", server.port());
                KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties())) {
            socket.setSoTimeout(20_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
            in.readLine();
            send(socket, "i1 LOGIN " + USER + " " + PASSWORD + "\r\ni2 SELECT INBOX\r\ni3 IDLE\r\n");
            String line;
            while (!(line = in.readLine()).equals("+ idling")) {
                assertThat(line).doesNotStartWith("i1 NO").doesNotStartWith("i2 NO");
            }
            Thread reader = new Thread(() -> {
                try {
                    for (String l; (l = in.readLine()) != null; ) {
                        lines.add(l);
                    }
                } catch (Exception e) {
                    lines.add("closed: " + e.getMessage());
                }
            });
            reader.setDaemon(true);
            reader.start();

            Store store = connect();
            Folder other = store.getFolder("INBOX");
            MimeMessage m = new MimeMessage(Session.getInstance(clientProperties()));
            m.setSubject("from another session");
            m.setText("x");
            other.appendMessages(new Message[] {m});
            store.close();
            assertThat(lines.poll(20, TimeUnit.SECONDS)).isEqualTo("* 1 EXISTS");
            assertThat(lines.poll(10, TimeUnit.SECONDS)).isEqualTo("* 1 RECENT"); // this session saw it first

            // delivery-service stores a message and announces it; only Kafka tells this instance.
            long uid = seed.deliver(USER, Mailbox.INBOX, "Subject: delivered\r\n\r\nhi\r\n", new Date(), Set.of());
            String event = "{\"schemaVersion\":1,\"owner\":\"" + USER + "\",\"mailboxId\":\"" + inbox.id()
                    + "\",\"mailboxName\":\"INBOX\",\"kind\":\"APPENDED\",\"uid\":" + uid + ",\"modSeq\":0}";
            // The consumer group starts at the latest offset once assigned: announce until it hears.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                producer.send(new ProducerRecord<>("mailbox.changes", USER, event)).get();
                return "* 2 EXISTS".equals(lines.poll(500, TimeUnit.MILLISECONDS));
            });
            assertThat(lines.poll(10, TimeUnit.SECONDS)).isEqualTo("* 2 RECENT");
            send(socket, "DONE\r\n");
            assertThat(lines.poll(10, TimeUnit.SECONDS)).isEqualTo("i3 OK IDLE terminated");
            send(socket, "i4 LOGOUT\r\n");
        }
    }

    private static void send(Socket s, String text) throws Exception {
        s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
    }

    private Store connect() throws Exception {
        Store store = Session.getInstance(clientProperties()).getStore("imap");
        store.connect("127.0.0.1", server.port(), USER, PASSWORD);
        return store;
    }

    private Properties producerProperties() {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class.getName());
        return p;
    }

    private static Properties clientProperties() {
        Properties p = new Properties();
        p.put("mail.imap.connectiontimeout", "30000");
        p.put("mail.imap.timeout", "30000");
        p.put("mail.mime.allowutf8", "false");
        return p;
    }
}
