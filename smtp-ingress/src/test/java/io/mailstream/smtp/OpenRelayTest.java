package io.mailstream.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import io.mailstream.store.Directory;
import io.mailstream.store.StoreDatabase;
import io.mailstream.testkit.EmbeddedMongo;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No open relay under any addressing trick: every row goes through a real session and the real
 * {@link DirectoryRecipientPolicy} over the Mongo-wire store, with the null sender and with a
 * spoofed local sender. Only the address that would actually be delivered to counts.
 */
class OpenRelayTest {

    /** A recipient as sent and the reply it must get. */
    record Row(String rcpt, String reply, String why) {
    }

    private static final String OK = "250 2.1.5 ";
    private static final String UNKNOWN = "550 5.1.1 ";
    private static final String RELAY = "554 5.7.1 ";
    private static final String SYNTAX = "501 5.1.3 ";

    static final List<Row> TABLE = List.of(
            new Row("<alice@example.test>", OK, "local user"),
            new Row("<ALICE@Example.TEST>", OK, "mixed case is the same mailbox"),
            new Row("<eve@remote.test>", RELAY, "plain relay attempt"),
            new Row("<eve@REMOTE.Test>", RELAY, "mixed-case remote domain"),
            new Row("<eve%remote.test@example.test>", UNKNOWN, "percent hack stays a local part"),
            new Row("<eve%remote.test%example.test@example.test>", UNKNOWN, "double percent hack"),
            new Row("<remote.test!eve@example.test>", UNKNOWN, "bang path stays a local part"),
            new Row("<remote.test!eve>", SYNTAX, "bare bang path has no domain"),
            new Row("<@example.test:eve@remote.test>", RELAY, "source route is ignored, the remote target counts"),
            new Row("<@example.test,@mx.example.test:eve@remote.test>", RELAY, "multi-hop source route"),
            new Row("<\"eve@remote.test\"@example.test>", UNKNOWN, "quoted local part with an @"),
            new Row("<\"eve%remote.test\"@example.test>", UNKNOWN, "quoted percent hack"),
            new Row("<\"eve\"@remote.test>", RELAY, "quoted local part, remote domain"),
            new Row("<eve@remote.test@example.test>", SYNTAX, "two @ signs"),
            new Row("<eve@[192.0.2.1]>", SYNTAX, "IPv4 literal"),
            new Row("<eve@[IPv6:2001:db8::1]>", SYNTAX, "IPv6 literal"),
            new Row("<alice@[127.0.0.1]>", SYNTAX, "literal of ourselves"),
            new Row("<alice@example.test.>", SYNTAX, "trailing dot"),
            new Row("<eve@remote.test.>", SYNTAX, "trailing dot, remote"),
            new Row("<eve@example.test.remote.test>", RELAY, "local domain as a prefix"),
            new Row("<eve@remoteexample.test>", RELAY, "local domain as a suffix"),
            new Row("<eve@localhost>", RELAY, "localhost is not a local domain here"),
            new Row("<postmaster@remote.test>", RELAY, "postmaster of another domain"),
            new Row("<postmaster>", OK, "bare postmaster is ours"),
            new Row("<PostMaster@example.test>", OK, "postmaster of a local domain"),
            new Row("<eve@remote.test\u0000>", "500 5.5.2 ", "NUL byte"),
            new Row("<eve@remote.test>\r\nRCPT TO:<alice@example.test", RELAY, "CRLF injection: two commands, both refused"));

    private static MongoClient client;
    private static DirectoryRecipientPolicy policy;

    @BeforeAll
    static void directory() {
        client = MongoClients.create(EmbeddedMongo.start());
        Directory directory = new Directory(StoreDatabase.open(client, "relay" + System.nanoTime()));
        directory.addDomain("example.test");
        directory.addDomain("mx.example.test"); // the postmaster domain of the session
        directory.addUser("alice@example.test", "secret-1");
        policy = new DirectoryRecipientPolicy(directory);
    }

    @AfterAll
    static void close() {
        client.close();
    }

    private SessionHarness session(String sender) {
        SessionHarness h = new SessionHarness();
        h.policy = policy;
        h.settings = h.settings.withMaxErrors(1000);
        h.open();
        h.send("EHLO client.test\r\n");
        assertThat(h.send("MAIL FROM:" + sender + "\r\n")).startsWith("250 ");
        return h;
    }

    @Test
    void noAddressingTrickRelaysForAnUnauthenticatedClient() {
        for (String sender : List.of("<>", "<alice@example.test>", "<eve@remote.test>")) {
            SessionHarness h = session(sender);
            for (Row row : TABLE) {
                assertThat(h.send("RCPT TO:" + row.rcpt() + "\r\n")).as(sender + " " + row.why() + ": " + row.rcpt())
                        .startsWith(row.reply());
            }
            assertThat(h.session.transaction().recipients()).as("only local mailboxes were accepted")
                    .allMatch(r -> r.toLowerCase().endsWith("@example.test") || r.equals("postmaster@mx.example.test"));
        }
    }

    @Test
    void heloClaimsChangeNothing() {
        SessionHarness h = new SessionHarness();
        h.policy = policy;
        h.open();
        h.send("EHLO example.test\r\n");
        h.send("MAIL FROM:<alice@example.test>\r\n");
        assertThat(h.send("RCPT TO:<eve@remote.test>\r\n")).startsWith(RELAY);
    }

    @Test
    void relayingNeedsAuthentication() {
        SessionHarness h = new SessionHarness();
        h.policy = policy;
        h.conn = new MemoryConnection().withCertificate();
        h.open();
        h.send("EHLO client.test\r\n");
        h.startTls();
        h.send("EHLO client.test\r\n");
        h.send("MAIL FROM:<alice@example.test>\r\n");
        assertThat(h.send("RCPT TO:<eve@remote.test>\r\n")).startsWith(RELAY);
        h.send("RSET\r\n");
        assertThat(h.authAlice()).startsWith("235 ");
        h.send("MAIL FROM:<alice@example.test>\r\n");
        assertThat(h.send("RCPT TO:<eve@remote.test>\r\n")).startsWith(OK);
        assertThat(h.send("RCPT TO:<nobody@example.test>\r\n")).as("local rules still apply").startsWith(UNKNOWN);
    }
}
