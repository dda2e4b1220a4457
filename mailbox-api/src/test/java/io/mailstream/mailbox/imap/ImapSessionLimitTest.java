package io.mailstream.mailbox.imap;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import io.mailstream.mailbox.TestDatabases;
import io.mailstream.mailbox.access.MailboxAccess;
import io.mailstream.mailbox.access.MailboxChanges;
import io.mailstream.mailbox.imap.LoopbackImapServer.Client;
import io.mailstream.mailbox.imap.process.AccountLimits;
import io.mailstream.store.BlobStore;
import io.mailstream.store.Directory;
import io.mailstream.store.Leases;
import io.mailstream.store.MailboxStore;
import io.mailstream.store.MessageStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * {@code max-sessions-per-account} counted over the whole cluster: two server instances with their
 * own lease owners on one store share the count; a logout frees a place at once; the places of an
 * instance that died come free when their leases run out; an unreachable store fails the login
 * with a temporary error instead of letting it past the limit.
 */
class ImapSessionLimitTest {

    static final String USER = "lena@limits.test";

    @Test
    void twoInstancesShareTheLimitAndALogoutFreesAPlace() throws Exception {
        MongoDatabase db = database();
        Directory directory = new Directory(db);
        new MailSeed(directory, new MailboxStore(db), new MessageStore(db), new BlobStore(db)).user(USER, "pw");
        try (LoopbackImapServer one = instance(db, directory, "one", Clock.systemUTC());
                LoopbackImapServer two = instance(db, directory, "two", Clock.systemUTC());
                Client a = one.connect(); Client b = two.connect(); Client c = two.connect();
                Client d = one.connect()) {
            assertThat(a.tagged("a", "LOGIN " + USER + " pw")).startsWith("a OK");
            assertThat(b.tagged("b", "LOGIN " + USER + " pw")).startsWith("b OK");
            assertThat(c.tagged("c", "LOGIN " + USER + " pw")).isEqualTo("c NO [LIMIT] Too many sessions for this account");
            assertThat(d.tagged("d", "AUTHENTICATE PLAIN AGxlbmFAbGltaXRzLnRlc3QAcHc="))
                    .isEqualTo("d NO [LIMIT] Too many sessions for this account");
            assertThat(a.send("a1", "LOGOUT")).contains("a1 OK LOGOUT completed");
            awaitHeld(db, 1);
            assertThat(c.tagged("c2", "LOGIN " + USER + " pw")).startsWith("c2 OK");
        }
        awaitHeld(db, 0); // connections closed: every lease is given back
    }

    @Test
    void theLeasesOfADeadInstanceRunOutAndAStoreFailureRefusesTheLogin() throws Exception {
        MongoDatabase db = database();
        Directory directory = new Directory(db);
        new MailSeed(directory, new MailboxStore(db), new MessageStore(db), new BlobStore(db)).user(USER, "pw");
        // The dead instance's leases were taken three minutes ago and never renewed (TTL 2 minutes).
        Leases dead = new Leases(db, "imap_sessions", "dead", Duration.ofMinutes(2));
        dead.tryAcquire(USER, 2, Instant.now().minus(Duration.ofMinutes(3))).orElseThrow();
        dead.tryAcquire(USER, 2, Instant.now().minus(Duration.ofMinutes(3))).orElseThrow();
        try (LoopbackImapServer one = instance(db, directory, "one", Clock.systemUTC()); Client a = one.connect()) {
            assertThat(a.tagged("a", "LOGIN " + USER + " pw")).startsWith("a OK");
        }

        MongoDatabase gone = MongoClients.create("mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=300")
                .getDatabase("none");
        AccountLimits unreachable = new AccountLimits(a -> Optional.empty(), 2,
                new Leases(gone, "imap_sessions", "x", Duration.ofMinutes(2)), Clock.systemUTC());
        try (LoopbackImapServer broken = new LoopbackImapServer(access(db), directory, unreachable);
                Client a = broken.connect()) {
            assertThat(a.tagged("a", "LOGIN " + USER + " pw")).isEqualTo("a NO [UNAVAILABLE] Temporary failure, try again later");
            assertThat(a.send("a2", "SELECT INBOX")).contains("a2 BAD Not authenticated");
        }
    }

    private static LoopbackImapServer instance(MongoDatabase db, Directory directory, String name, Clock clock) {
        Leases leases = new Leases(db, "imap_sessions", name, Duration.ofMinutes(2));
        return new LoopbackImapServer(access(db), directory,
                new AccountLimits(a -> Optional.empty(), 2, leases, clock));
    }

    private static MailboxAccess access(MongoDatabase db) {
        return new MailboxAccess(new MailboxStore(db), new MessageStore(db), new BlobStore(db), MailboxChanges.local());
    }

    /** Leases are given back when the session ends, just after the tagged reply. */
    private static void awaitHeld(MongoDatabase db, long expected) throws InterruptedException {
        Leases probe = new Leases(db, "imap_sessions", "probe", Duration.ofMinutes(2));
        for (int i = 0; i < 400 && probe.held(USER, Instant.now()) != expected; i++) {
            Thread.sleep(50);
        }
        assertThat(probe.held(USER, Instant.now())).isEqualTo(expected);
    }

    private static MongoDatabase database() {
        return TestDatabases.fresh("limits");
    }
}
