package io.mailstream.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import io.mailstream.core.event.LocalDelivery;
import io.mailstream.store.Directory;
import io.mailstream.store.StoreDatabase;
import io.mailstream.testkit.EmbeddedMongo;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Addressing at delivery time against the real directory on the Mongo-wire store. */
class RecipientExpanderTest {

    private static MongoClient client;
    private static Directory directory;
    private static RecipientExpander expander;
    private static RecipientExpander withoutPostmaster;

    @BeforeAll
    static void directory() {
        client = MongoClients.create(EmbeddedMongo.start());
        var db = StoreDatabase.open(client, "expander" + System.nanoTime());
        directory = new Directory(db, Optional.of("boss@example.test"));
        directory.addDomain("example.test");
        directory.addDomain("catchall.test");
        directory.addUser("alice@example.test", "secret-1");
        directory.addUser("bob@example.test", "secret-2");
        directory.addUser("boss@example.test", "secret-3");
        directory.addUser("bucket@catchall.test", "secret-4");
        directory.addAlias("team@example.test", List.of("alice@example.test", "bob@example.test", "carol@far.example"));
        directory.addAlias("all@example.test", List.of("team@example.test", "alice@example.test"));
        directory.setCatchAll("catchall.test", "bucket@catchall.test");
        expander = new RecipientExpander(directory);
        withoutPostmaster = new RecipientExpander(new Directory(db, Optional.empty()));
    }

    @AfterAll
    static void close() {
        client.close();
    }

    private static LocalDelivery to(String owner) {
        return new LocalDelivery(1, "m1", "b".repeat(64), 10, "x@far.example", owner, owner, Instant.EPOCH);
    }

    @Test
    void aUserIsItsOwnAccount() {
        assertThat(expander.expand(to("alice@example.test")))
                .isEqualTo(new RecipientExpander.Targets(List.of("alice@example.test"), List.of()));
    }

    @Test
    void anAliasFansOutToAccountsOnceEachAndForwardsRemoteTargets() {
        RecipientExpander.Targets t = expander.expand(to("all@example.test"));
        assertThat(t.accounts()).containsExactly("alice@example.test", "bob@example.test");
        assertThat(t.remote()).containsExactly("carol@far.example");
    }

    @Test
    void aSubaddressGoesToTheUser() {
        assertThat(expander.expand(to("bob+lists@example.test")).accounts()).containsExactly("bob@example.test");
    }

    @Test
    void theCatchAllTakesUnknownAddressesOfItsDomain() {
        assertThat(expander.expand(to("whoever@catchall.test")).accounts()).containsExactly("bucket@catchall.test");
    }

    @Test
    void postmasterAndAbuseGoToThePostmasterAccount() {
        assertThat(expander.expand(to("postmaster@example.test")).accounts()).containsExactly("boss@example.test");
        assertThat(expander.expand(to("abuse@example.test")).accounts()).containsExactly("boss@example.test");
    }

    @Test
    void postmasterWithNobodyBehindItIsDeadLetteredNotBounced() {
        assertThatThrownBy(() -> withoutPostmaster.expand(to("postmaster@example.test")))
                .isInstanceOf(UndeliverableMessage.class).hasMessageContaining("mailstream.directory.postmaster");
    }

    @Test
    void anAddressNobodyTakesAnyMoreIsUnknown() {
        assertThat(expander.expand(to("gone@example.test")).unknown()).isTrue();
    }

    @Test
    void anOwnerThatIsNotAnAccountKeyIsUndeliverable() {
        assertThatThrownBy(() -> expander.expand(to("Alice@example.test"))).isInstanceOf(UndeliverableMessage.class);
        assertThatThrownBy(() -> expander.expand(to("../../etc"))).isInstanceOf(UndeliverableMessage.class);
    }

    @Test
    void forwardIdsAreDeterministicPerTarget() {
        assertThat(Forward.messageId("m1", "carol@far.example")).isEqualTo(Forward.messageId("m1", "Carol@far.example"))
                .startsWith("m1-F").isNotEqualTo(Forward.messageId("m1", "dave@far.example"));
        LocalDelivery bounce = new LocalDelivery(1, "m1", "b".repeat(64), 10, "", "team@example.test",
                "team@example.test", Instant.EPOCH);
        var copy = Forward.of(bounce, "carol@far.example", "c".repeat(64), 42);
        assertThat(copy.sender()).as("a bounce stays a bounce").isEmpty();
        assertThat(copy.recipients()).containsExactly("carol@far.example");
        assertThat(copy.messageId()).isEqualTo(Forward.messageId("m1", "carol@far.example"));
        assertThat(new String(Forward.content(bounce, "Subject: x\r\n\r\n".getBytes()), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("Delivered-To: team@example.test\r\nSubject: x\r\n\r\n");
    }

    @Test
    void aMessageNamingTheAddressInDeliveredToHasLooped() {
        byte[] back = "Received: x\r\nDelivered-To: Team@Example.test \r\nSubject: x\r\n\r\nDelivered-To: bob@example.test\r\n"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(DeliveredTo.names(back, "team@example.test")).isTrue();
        assertThat(DeliveredTo.names(back, "bob@example.test")).as("the body does not count").isFalse();
        assertThat(DeliveredTo.names(back, "eam@example.test")).isFalse();
    }
}
