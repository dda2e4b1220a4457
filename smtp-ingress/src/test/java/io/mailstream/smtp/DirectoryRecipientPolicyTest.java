package io.mailstream.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import io.mailstream.core.MailAddress;
import io.mailstream.store.Directory;
import io.mailstream.store.StoreDatabase;
import io.mailstream.testkit.EmbeddedMongo;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The MX recipient rule against the real directory on the Mongo-wire store. */
class DirectoryRecipientPolicyTest {

    private static final ConnectionState CLIENT = new ConnectionState("S1", "192.0.2.1", 25);
    private static MongoClient client;
    private static DirectoryRecipientPolicy policy;

    @BeforeAll
    static void directory() {
        client = MongoClients.create(EmbeddedMongo.start());
        Directory directory = new Directory(StoreDatabase.open(client, "policy" + System.nanoTime()));
        directory.addDomain("example.test");
        directory.addUser("alice@example.test", "secret-1");
        directory.addUser("gone@example.test", "secret-2");
        directory.setDisabled("gone@example.test", true);
        directory.addAlias("team@example.test", java.util.List.of("alice@example.test", "carol@far.example"));
        directory.addAlias("outside@example.test", java.util.List.of("carol@far.example"));
        directory.addDomain("catchall.test");
        directory.addUser("bucket@catchall.test", "secret-3");
        directory.setCatchAll("catchall.test", "bucket@catchall.test");
        policy = new DirectoryRecipientPolicy(directory);
    }

    @AfterAll
    static void close() {
        client.close();
    }

    private static PolicyResult check(String address) {
        return policy.check(MailAddress.parse(address), CLIENT);
    }

    @Test
    void existingUserOfALocalDomainInAnyCase() {
        assertThat(check("alice@example.test").reply()).isEqualTo(SmtpReplies.RECIPIENT_OK);
        assertThat(check("ALICE@Example.Test").accepted()).isTrue();
    }

    @Test
    void unknownUserOfALocalDomainIs550() {
        PolicyResult r = check("bob@example.test");
        assertThat(r.verdict()).isEqualTo(PolicyResult.Verdict.DENY);
        assertThat(r.reply().toWire()).isEqualTo("550 5.1.1 <bob@example.test>: Recipient address rejected: user unknown\r\n");
    }

    @Test
    void disabledUserIsRefused() {
        assertThat(check("gone@example.test").reply().toWire()).startsWith("550 5.2.1 ");
    }

    @Test
    void postmasterOfALocalDomainAlways() {
        assertThat(check("postmaster@example.test").accepted()).isTrue();
        assertThat(check("PostMaster@example.test").accepted()).isTrue();
    }

    @Test
    void everyAddressTheDirectoryDeliversSomewhereIsAccepted() {
        assertThat(check("team@example.test").accepted()).as("alias").isTrue();
        assertThat(check("Team@EXAMPLE.test").accepted()).as("alias in another case").isTrue();
        assertThat(check("outside@example.test").accepted()).as("alias forwarding to a remote address").isTrue();
        assertThat(check("alice+lists@example.test").accepted()).as("subaddress").isTrue();
        assertThat(check("anything@catchall.test").accepted()).as("catch-all").isTrue();
        assertThat(check("abuse@example.test").accepted()).as("abuse always").isTrue();
        assertThat(check("abuse@catchall.test").accepted()).isTrue();
    }

    @Test
    void aSubaddressOfAnUnknownUserIsStill550() {
        assertThat(check("bob+tag@example.test").reply().toWire()).startsWith("550 5.1.1 ");
        assertThat(check("gone+tag@example.test").reply().toWire()).as("subaddress of a disabled user")
                .startsWith("550 5.2.1 ");
    }

    @Test
    void anyOtherDomainIsRelayAndRefused() {
        assertThat(check("alice@example.org").reply().toWire())
                .isEqualTo("554 5.7.1 <alice@example.org>: Relay access denied\r\n");
        assertThat(check("postmaster@example.org").accepted()).isFalse();
        assertThat(check("alice@sub.example.test").accepted()).isFalse();
    }

    @Test
    void directoryFailureIsATemporaryRefusal() {
        try (MongoClient unreachable = MongoClients.create(
                "mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=200&connectTimeoutMS=200")) {
            DirectoryRecipientPolicy broken = new DirectoryRecipientPolicy(
                    new Directory(StoreDatabase.open(unreachable, "none")));
            PolicyResult r = broken.check(MailAddress.parse("alice@example.test"), CLIENT);
            assertThat(r.verdict()).isEqualTo(PolicyResult.Verdict.DENY_SOFT);
            assertThat(r.reply().toWire()).startsWith("451 4.3.0 <alice@example.test>: ");
        }
    }
}
