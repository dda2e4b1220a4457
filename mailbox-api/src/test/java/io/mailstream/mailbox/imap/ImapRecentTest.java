package io.mailstream.mailbox.imap;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;

import io.mailstream.mailbox.TestDatabases;
import io.mailstream.mailbox.access.MailboxAccess;
import io.mailstream.mailbox.access.MailboxChanges;
import io.mailstream.mailbox.imap.LoopbackImapServer.Client;
import io.mailstream.mailbox.imap.process.AccountLimits;
import io.mailstream.store.BlobStore;
import io.mailstream.store.Directory;
import io.mailstream.store.MailboxStore;
import io.mailstream.store.MessageStore;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code \Recent} (RFC 3501 2.3.2) over TCP, with two server instances on one store as a cluster
 * runs them: exactly one read-write session sees a message as recent, whichever instance it is on;
 * EXAMINE and STATUS claim nothing; a delivery is recent for the session that first sees it.
 */
class ImapRecentTest {

    static final String USER = "rita@recent.test";

    MailSeed seed;
    LoopbackImapServer one;
    LoopbackImapServer two;

    @BeforeEach
    void setUp() {
        MongoDatabase db = TestDatabases.fresh("recent");
        Directory directory = new Directory(db);
        MailboxStore mailboxes = new MailboxStore(db);
        MessageStore messages = new MessageStore(db);
        BlobStore blobs = new BlobStore(db);
        seed = new MailSeed(directory, mailboxes, messages, blobs);
        seed.user(USER, "pw");
        seed.deliver(USER, "Subject: one\r\n\r\n1\r\n");
        seed.deliver(USER, "Subject: two\r\n\r\n2\r\n");
        // Two instances, each with its own MailboxAccess over the same database.
        one = new LoopbackImapServer(new MailboxAccess(mailboxes, messages, blobs, MailboxChanges.local()), directory,
                AccountLimits.unlimited());
        two = new LoopbackImapServer(new MailboxAccess(new MailboxStore(db), new MessageStore(db), new BlobStore(db),
                MailboxChanges.local()), directory, AccountLimits.unlimited());
    }

    @AfterEach
    void tearDown() {
        one.close();
        two.close();
    }

    @Test
    void theFirstSelectClaimsTheRecentMessagesForItselfAlone() throws Exception {
        try (Client a = login(one); Client b = login(two)) {
            assertThat(b.send("b0", "STATUS INBOX (MESSAGES RECENT)"))
                    .contains("* STATUS \"INBOX\" (MESSAGES 2 RECENT 2)");
            assertThat(a.send("a1", "SELECT INBOX")).contains("* 2 EXISTS", "* 2 RECENT");
            assertThat(a.send("a2", "FETCH 1:* (FLAGS)"))
                    .containsSubsequence("* 1 FETCH (FLAGS (\\Recent))", "* 2 FETCH (FLAGS (\\Recent))");
            assertThat(a.send("a3", "SEARCH RECENT")).contains("* SEARCH 1 2");
            assertThat(a.send("a4", "STORE 1 +FLAGS (\\Seen)")).contains("* 1 FETCH (FLAGS (\\Seen \\Recent))");
            assertThat(a.send("a5", "SEARCH NEW")).contains("* SEARCH 2");
            assertThat(a.send("a6", "SEARCH OLD")).contains("* SEARCH");
            assertThat(a.send("a7", "STATUS INBOX (RECENT)")).contains("* STATUS \"INBOX\" (RECENT 2)");

            assertThat(b.send("b1", "STATUS INBOX (RECENT)")).contains("* STATUS \"INBOX\" (RECENT 0)");
            assertThat(b.send("b2", "SELECT INBOX")).contains("* 2 EXISTS", "* 0 RECENT");
            assertThat(b.send("b3", "FETCH 1:* (FLAGS)"))
                    .containsSubsequence("* 1 FETCH (FLAGS (\\Seen))", "* 2 FETCH (FLAGS ())");
            assertThat(b.send("b4", "SEARCH OLD")).contains("* SEARCH 1 2");
            assertThat(b.send("b5", "SEARCH RECENT")).contains("* SEARCH");
            assertThat(b.tagged("b6", "STORE 2 +FLAGS (\\Recent)")).isEqualTo("b6 OK STORE completed");
            assertThat(b.send("b7", "FETCH 2 (FLAGS)")).contains("* 2 FETCH (FLAGS ())");
        }
    }

    @Test
    void examineShowsRecentMessagesWithoutClaimingThem() throws Exception {
        try (Client a = login(one); Client b = login(two)) {
            assertThat(a.send("a1", "EXAMINE INBOX")).contains("* 2 RECENT");
            assertThat(a.send("a2", "FETCH 2 (FLAGS)")).contains("* 2 FETCH (FLAGS (\\Recent))");
            assertThat(b.send("b1", "EXAMINE INBOX")).contains("* 2 RECENT");
            assertThat(b.send("b2", "SELECT INBOX")).contains("* 2 RECENT");
            assertThat(a.send("a3", "EXAMINE INBOX")).contains("* 0 RECENT");
        }
    }

    @Test
    void aDeliveryIsRecentForTheSelectedSessionThatSeesItFirst() throws Exception {
        try (Client a = login(one); Client b = login(two)) {
            a.send("a1", "SELECT INBOX");
            b.send("b1", "SELECT INBOX");
            seed.deliver(USER, "Subject: three\r\n\r\n3\r\n");
            assertThat(b.send("b2", "NOOP")).containsSubsequence("* 3 EXISTS", "* 1 RECENT", "b2 OK NOOP completed");
            assertThat(b.send("b3", "FETCH 3 (FLAGS)")).contains("* 3 FETCH (FLAGS (\\Recent))");
            assertThat(a.send("a2", "NOOP")).containsSubsequence("* 3 EXISTS", "* 2 RECENT", "a2 OK NOOP completed");
            assertThat(a.send("a3", "SEARCH RECENT")).contains("* SEARCH 1 2");

            // An IMAP4rev2 session still claims, but RECENT and \Recent do not exist for it.
            try (Client c = login(two)) {
                seed.deliver(USER, "Subject: four\r\n\r\n4\r\n");
                c.send("c1", "ENABLE IMAP4rev2");
                assertThat(c.send("c2", "SELECT INBOX")).noneMatch(l -> l.contains("RECENT"));
                assertThat(c.send("c3", "FETCH 4 (FLAGS)")).contains("* 4 FETCH (FLAGS ())");
                assertThat(a.send("a4", "NOOP")).containsSubsequence("* 4 EXISTS", "* 2 RECENT", "a4 OK NOOP completed");
            }
        }
    }

    private static Client login(LoopbackImapServer server) throws Exception {
        Client c = server.connect();
        assertThat(c.tagged("l", "LOGIN " + USER + " pw")).startsWith("l OK");
        return c;
    }
}
