package io.mailstream.mailbox.imap;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;

import io.mailstream.mailbox.access.MailboxAccess;
import io.mailstream.store.BlobStore;
import io.mailstream.store.Directory;
import io.mailstream.store.Mailbox;
import io.mailstream.store.MailboxStore;
import io.mailstream.store.MessageStore;
import io.mailstream.testkit.MailstreamTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import jakarta.inject.Inject;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.search.SubjectTerm;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Date;
import java.util.Properties;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The IMAP listener of the running application, used over TCP by Angus Mail and by raw sockets. */
@QuarkusTest
@QuarkusTestResource(MailstreamTestResources.class)
class ImapServerTest {

    static final String USER = "carol@imap.test";
    static final String PASSWORD = "carol-pw";

    static final String PLAIN = "From: Dave <dave@example.test>\r\n"
            + "To: carol@imap.test\r\n"
            + "Subject: =?UTF-8?B?SGVsbG8gR3LDvMOfZQ==?=\r\n"
            + "Date: Wed, 4 Mar 2026 12:00:00 +0000\r\n"
            + "\r\n"
            + "Line one\r\n"
            + ".leading dot\r\n"
            + "..two dots and 8-bit: Grüße\r\n";

    static final String MIXED = "From: eve@example.test\r\n"
            + "To: carol@imap.test\r\n"
            + "Subject: with attachment\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"xyz\"\r\n"
            + "\r\n"
            + "--xyz\r\n"
            + "Content-Type: text/plain; charset=us-ascii\r\n"
            + "\r\n"
            + "see attached\r\n"
            + "--xyz\r\n"
            + "Content-Type: application/octet-stream\r\n"
            + "Content-Transfer-Encoding: base64\r\n"
            + "Content-Disposition: attachment; filename=\"x.bin\"\r\n"
            + "\r\n"
            + "AAECAw==\r\n"
            + "--xyz--\r\n";

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

    MailSeed seed;

    @BeforeEach
    void seed() {
        seed = new MailSeed(directory, mailboxes, messages, blobs);
        seed.user(USER, PASSWORD);
    }

    @Test
    void angusMailListsReadsFlagsAndExpunges() throws Exception {
        Mailbox inbox = access.inbox(USER);
        access.expunge(inbox, access.messages(inbox).stream().map(m -> m.uid()).toList());
        seed.deliver(USER, Mailbox.INBOX, PLAIN, new Date(), Set.of());
        seed.deliver(USER, Mailbox.INBOX, MIXED, new Date(), Set.of());
        seed.mailbox(USER, "Archive");

        Store store = Session.getInstance(clientProperties()).getStore("imap");
        store.connect("127.0.0.1", server.port(), USER, PASSWORD);
        try {
            assertThat(Arrays.stream(store.getDefaultFolder().list("*")).map(Folder::getFullName))
                    .contains("Archive", "INBOX");
            Folder folder = store.getFolder("INBOX");
            folder.open(Folder.READ_WRITE);
            assertThat(folder.getMessageCount()).isEqualTo(2);

            Message[] all = folder.getMessages();
            FetchProfile profile = new FetchProfile();
            profile.add(FetchProfile.Item.ENVELOPE);
            profile.add(FetchProfile.Item.FLAGS);
            profile.add(FetchProfile.Item.CONTENT_INFO);
            profile.add(UIDFolder.FetchProfileItem.UID);
            folder.fetch(all, profile);
            Message plain = all[0];
            assertThat(plain.getSubject()).isEqualTo("Hello Grüße");
            assertThat(((InternetAddress) plain.getFrom()[0]).getAddress()).isEqualTo("dave@example.test");
            assertThat(((InternetAddress) plain.getFrom()[0]).getPersonal()).isEqualTo("Dave");
            assertThat(plain.getSize()).isEqualTo(PLAIN.getBytes(StandardCharsets.UTF_8).length);
            assertThat(plain.isSet(Flags.Flag.SEEN)).isFalse();

            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            plain.writeTo(raw);
            assertThat(raw.toByteArray()).isEqualTo(PLAIN.getBytes(StandardCharsets.UTF_8));
            assertThat(plain.isSet(Flags.Flag.SEEN)).as("BODY[] without PEEK sets \\Seen").isTrue();

            Multipart parts = (Multipart) all[1].getContent();
            assertThat(parts.getCount()).isEqualTo(2);
            assertThat(parts.getBodyPart(0).getContent()).isEqualTo("see attached");
            assertThat(parts.getBodyPart(1).getFileName()).isEqualTo("x.bin");
            assertThat(parts.getBodyPart(1).getInputStream().readAllBytes()).containsExactly(0, 1, 2, 3);

            assertThat(folder.search(new SubjectTerm("attachment"))).containsExactly(all[1]);

            // Reading the parts above used BODY[n] without PEEK, which marked the second message seen.
            assertThat(all[1].isSet(Flags.Flag.SEEN)).isTrue();
            plain.setFlag(Flags.Flag.FLAGGED, true);
            all[1].setFlag(Flags.Flag.DELETED, true);
            assertThat(access.messages(access.inbox(USER))).extracting(m -> m.flags())
                    .containsExactly(Set.of("\\Seen", "\\Flagged"), Set.of("\\Seen", "\\Deleted"));
            folder.expunge();
            assertThat(folder.getMessageCount()).isEqualTo(1);
            assertThat(access.messages(access.inbox(USER))).hasSize(1);
            folder.close(true);
        } finally {
            store.close();
        }
    }

    @Test
    void rawSocketGetsExactReplies() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            assertThat(in.readLine()).startsWith("* OK [CAPABILITY IMAP4rev1 ");
            out.write("%%%garbage%%%\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(in.readLine()).isEqualTo("* BAD Invalid tag");
            out.write("a1 HELLO world\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(in.readLine()).isEqualTo("a1 BAD Unknown command");
            out.write(("a2 LOGIN " + USER + " wrong\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(in.readLine()).isEqualTo("a2 NO [AUTHENTICATIONFAILED] Authentication failed");
            out.write(("a3 LOGIN " + USER + " {8}\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(in.readLine()).isEqualTo("+ Ready for literal data");
            out.write((PASSWORD + "\r\na4 LOGOUT\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(in.readLine()).startsWith("a3 OK [CAPABILITY ");
            assertThat(in.readLine()).isEqualTo("* BYE Logging out");
            assertThat(in.readLine()).isEqualTo("a4 OK LOGOUT completed");
            assertThat(in.readLine()).isNull();
        }
    }

    @Test
    void readinessAndMetricsCoverTheListener() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            in.readLine();
            socket.getOutputStream().write(("m1 LOGIN " + USER + " " + PASSWORD + "\r\nm2 NOOP\r\nm3 EXAMINE INBOX\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(in.readLine()).startsWith("m1 OK");
            assertThat(in.readLine()).isEqualTo("m2 OK NOOP completed");
            String line;
            while (!(line = in.readLine()).startsWith("m3 ")) {
                assertThat(line).startsWith("* ");
            }
            assertThat(line).startsWith("m3 OK");
        }
        given().get("/q/health/ready").then().statusCode(200).body(containsString("imap-listener"));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("mailstream_mailbox_snapshot_records"))
                .body(matchesPattern("(?s).*mailstream_mailbox_snapshot_reads_total\\{read=\"(full|changes|none)\"} [1-9].*"))
                .body(containsString("mailstream_imap_sessions_total"))
                .body(containsString("mailstream_imap_logins_total{result=\"success\"}"))
                .body(containsString("mailstream_imap_commands_total{command=\"NOOP\",result=\"ok\"}"));
    }

    private static Properties clientProperties() {
        Properties p = new Properties();
        p.put("mail.imap.connectiontimeout", "30000");
        p.put("mail.imap.timeout", "30000");
        return p;
    }
}
