package io.mailstream.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import de.bwaldvogel.mongo.MongoServer;

import io.mailstream.mongowire.IndexedBackends;
import io.mailstream.mongowire.SerializedBackend;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Login normalisation, quotas, aliases, catch-all and recipient resolution against the Mongo-wire store. */
class DirectoryTest {

    static MongoServer server;
    static MongoClient client;
    MongoDatabase db;
    Directory dir;

    @BeforeAll
    static void start() {
        server = new MongoServer(new SerializedBackend(IndexedBackends.memory()));
        client = MongoClients.create(server.bindAndGetConnectionString());
    }

    @AfterAll
    static void stop() {
        client.close();
        server.shutdownNow();
    }

    @BeforeEach
    void freshDirectory() {
        db = StoreDatabase.open(client, "dir" + System.nanoTime());
        dir = new Directory(db, Optional.of("Admin@Example.test"));
        dir.addDomain("example.test");
        dir.addDomain("bücher.test");
        dir.addUser("alice@example.test", "pw-alice");
        dir.addUser("bob@example.test", "pw-bob");
        dir.addUser("admin@example.test", "pw-admin");
    }

    // --- login names ---

    @Test
    void everySpellingOfALoginReachesTheSameAccountAndNoOther() {
        assertThat(LoginName.key(" ALICE@Example.TEST ")).isEqualTo("alice@example.test");
        assertThat(LoginName.key("\"alice\"@example.test")).isEqualTo("alice@example.test");
        assertThat(LoginName.key("ａｌｉｃｅ@ｅｘａｍｐｌｅ.test")).as("full-width forms").isEqualTo("alice@example.test");
        assertThat(LoginName.key("eva@BÜCHER.test")).isEqualTo("eva@xn--bcher-kva.test");
        assertThat(LoginName.key("e\u0301va@example.test")).as("decomposed é").isEqualTo("\u00e9va@example.test");
        assertThat(LoginName.key("\"a b\"@example.test")).isEqualTo("\"a b\"@example.test");

        assertThat(dir.addUser("Eva@Bücher.test", "pw-eva")).isEqualTo(Directory.Result.CREATED);
        assertThat(dir.addUser("eva@xn--bcher-kva.test", "other")).isEqualTo(Directory.Result.EXISTS);
        assertThat(dir.addUser("ａｌｉｃｅ@example.test", "other")).isEqualTo(Directory.Result.EXISTS);
        assertThat(dir.authenticate("EVA@xn--BCHER-kva.test", "pw-eva")).contains("eva@xn--bcher-kva.test");
        assertThat(dir.authenticate("\"Alice\"@EXAMPLE.test", "pw-alice")).contains("alice@example.test");
        assertThat(dir.authenticate("alice@example.test", "pw-bob")).isEmpty();
        assertThat(dir.authenticate("not an address", "pw-alice")).isEmpty();
        assertThat(dir.authenticate(null, "pw-alice")).isEmpty();
    }

    @Test
    void disabledAccountsCannotLogInButKeepTheirPlace() {
        assertThat(dir.setDisabled("ALICE@example.test", true)).isEqualTo(Directory.Result.UPDATED);
        assertThat(dir.authenticate("alice@example.test", "pw-alice")).isEmpty();
        assertThat(dir.findUser("alice@example.test")).hasValueSatisfying(u -> assertThat(u.disabled()).isTrue());
        assertThat(dir.setDisabled("alice@example.test", false)).isEqualTo(Directory.Result.UPDATED);
        assertThat(dir.authenticate("alice@example.test", "pw-alice")).contains("alice@example.test");
        assertThat(dir.setDisabled("nobody@example.test", true)).isEqualTo(Directory.Result.NOT_FOUND);
    }

    /**
     * The answer must not tell whether the account exists: an unknown login, a disabled account and
     * a wrong password all cost one bcrypt verification. Medians over a few runs side by side, with
     * a generous ratio so a loaded machine cannot make it flaky, but a skipped hash (10x+) fails.
     */
    @Test
    void wrongPasswordUnknownAndDisabledAccountsTakeTheSameTime() {
        dir.addUser("carol@example.test", "pw-carol");
        dir.setDisabled("carol@example.test", true);
        dir.authenticate("alice@example.test", "warm-up");
        List<Long> wrong = new ArrayList<>();
        List<Long> unknown = new ArrayList<>();
        List<Long> disabled = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            wrong.add(time(() -> dir.authenticate("alice@example.test", "wrong")));
            unknown.add(time(() -> dir.authenticate("nobody" + System.nanoTime() + "@example.test", "wrong")));
            disabled.add(time(() -> dir.authenticate("carol@example.test", "pw-carol")));
        }
        long w = median(wrong);
        assertThat((double) median(unknown) / w).as("unknown / wrong password").isBetween(0.4, 2.5);
        assertThat((double) median(disabled) / w).as("disabled / wrong password").isBetween(0.4, 2.5);
    }

    private static long time(Runnable r) {
        long t = System.nanoTime();
        r.run();
        return System.nanoTime() - t;
    }

    private static long median(List<Long> xs) {
        List<Long> sorted = new ArrayList<>(xs);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    // --- quotas ---

    @Test
    void quotaIsStoredPerUser() {
        assertThat(dir.quota("alice@example.test")).contains(Directory.Quota.UNLIMITED);
        assertThat(dir.setQuota("Alice@example.test", new Directory.Quota(1_000_000, 500)))
                .isEqualTo(Directory.Result.UPDATED);
        assertThat(dir.quota("alice@example.test")).contains(new Directory.Quota(1_000_000, 500));
        assertThat(dir.listUsers("example.test")).filteredOn(u -> u.address().equals("alice@example.test"))
                .extracting(Directory.User::quota).containsExactly(new Directory.Quota(1_000_000, 500));
        assertThat(dir.setQuota("nobody@example.test", Directory.Quota.UNLIMITED)).isEqualTo(Directory.Result.NOT_FOUND);
        assertThat(dir.quota("nobody@example.test")).isEmpty();
        assertThatThrownBy(() -> new Directory.Quota(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    // --- aliases and catch-all ---

    @Test
    void aliasLifecycle() {
        assertThat(dir.addAlias("Team@example.test", List.of("alice@example.test", "BOB@example.test",
                "bob@example.test", "Partner@Remote.test"))).isEqualTo(Directory.Result.CREATED);
        assertThat(dir.findAlias("team@EXAMPLE.test")).hasValueSatisfying(a -> {
            assertThat(a.address()).isEqualTo("team@example.test");
            assertThat(a.domain()).isEqualTo("example.test");
            assertThat(a.targets()).containsExactly("alice@example.test", "BOB@example.test", "Partner@remote.test");
        });
        assertThat(dir.addAlias("team@example.test", List.of("alice@example.test"))).isEqualTo(Directory.Result.EXISTS);
        assertThat(dir.addAlias("x@unknown.test", List.of("alice@example.test")))
                .isEqualTo(Directory.Result.DOMAIN_UNKNOWN);
        assertThat(dir.replaceAlias("team@example.test", List.of("bob@example.test"))).isEqualTo(Directory.Result.UPDATED);
        assertThat(dir.findAlias("team@example.test").orElseThrow().targets()).containsExactly("bob@example.test");
        assertThat(dir.replaceAlias("none@example.test", List.of("bob@example.test")))
                .isEqualTo(Directory.Result.NOT_FOUND);
        assertThat(dir.listAliases("example.test")).extracting(Directory.Alias::address).containsExactly(
                "team@example.test");
        assertThat(dir.removeDomain("example.test")).isEqualTo(Directory.Result.DOMAIN_NOT_EMPTY);
        assertThat(dir.removeAlias("TEAM@example.test")).isEqualTo(Directory.Result.DELETED);
        assertThat(dir.removeAlias("team@example.test")).isEqualTo(Directory.Result.NOT_FOUND);
        assertThat(dir.listAliases(null)).isEmpty();
    }

    @Test
    void badAliasTargetsAreRefusedBeforeAnythingIsWritten() {
        assertThatThrownBy(() -> dir.addAlias("a@example.test", List.of()))
                .hasMessageContaining("at least one target");
        assertThatThrownBy(() -> dir.addAlias("a@example.test", List.of("alice@example.test", "not an address")))
                .hasMessageContaining("invalid target address: not an address");
        List<String> tooMany = IntStream.range(0, Directory.MAX_ALIAS_TARGETS + 1).mapToObj(i -> "u" + i + "@x.test")
                .toList();
        assertThatThrownBy(() -> dir.addAlias("a@example.test", tooMany)).hasMessageContaining("at most");
        assertThat(dir.listAliases(null)).isEmpty();
    }

    @Test
    void resolveUsersAliasesAndRemoteAddresses() {
        dir.addAlias("team@example.test", List.of("alice@example.test", "sales@example.test", "x@remote.test"));
        dir.addAlias("sales@example.test", List.of("BOB@example.test", "alice@example.test"));
        assertThat(dir.resolve("ALICE@example.test")).containsExactly("alice@example.test");
        assertThat(dir.resolve("team@example.test")).containsExactly("alice@example.test", "bob@example.test",
                "x@remote.test");
        assertThat(dir.resolve("Someone@Remote.test")).containsExactly("Someone@remote.test");
        assertThat(dir.resolve("nobody@example.test")).isEmpty();
        assertThatThrownBy(() -> dir.resolve("no address")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAliasOverridesAUserAndKeepsACopyOnlyWhenItNamesItself() {
        dir.addAlias("alice@example.test", List.of("alice@example.test", "alice@elsewhere.test"));
        assertThat(dir.resolve("alice@example.test")).containsExactly("alice@example.test", "alice@elsewhere.test");
        dir.replaceAlias("alice@example.test", List.of("alice@elsewhere.test"));
        assertThat(dir.resolve("alice@example.test")).containsExactly("alice@elsewhere.test");
    }

    @Test
    void aliasLoopsAndDeepChainsEndQuietly() {
        dir.addAlias("ping@example.test", List.of("pong@example.test", "alice@example.test"));
        dir.addAlias("pong@example.test", List.of("ping@example.test", "bob@example.test"));
        assertThat(dir.resolve("ping@example.test")).containsExactlyInAnyOrder("alice@example.test",
                "bob@example.test");
        for (int i = 0; i < 20; i++) {
            dir.addAlias("chain" + i + "@example.test", List.of("chain" + (i + 1) + "@example.test"));
        }
        dir.addAlias("chain20@example.test", List.of("alice@example.test"));
        assertThat(dir.resolve("chain15@example.test")).containsExactly("alice@example.test");
        assertThat(dir.resolve("chain0@example.test")).as("deeper than the bound").isEmpty();
    }

    @Test
    void subaddressesGoToTheBaseAddress() {
        dir.addAlias("team@example.test", List.of("bob@example.test"));
        assertThat(dir.resolve("alice+lists@example.test")).containsExactly("alice@example.test");
        assertThat(dir.resolve("team+x@example.test")).containsExactly("bob@example.test");
        assertThat(dir.resolve("nobody+x@example.test")).isEmpty();
        dir.addUser("carol+special@example.test", "pw");
        assertThat(dir.resolve("carol+special@example.test")).containsExactly("carol+special@example.test");
    }

    @Test
    void anAccountMaySendAsItselfItsSubaddressesAndTheAliasesThatReachItButNotTheCatchAll() {
        dir.addAlias("team@example.test", List.of("alice@example.test", "sales@example.test"));
        dir.addAlias("sales@example.test", List.of("bob@example.test"));
        dir.setCatchAll("example.test", "alice@example.test");
        assertThat(dir.maySendAs("alice@example.test", "Alice@EXAMPLE.test")).isTrue();
        assertThat(dir.maySendAs("alice@example.test", "alice+news@example.test")).isTrue();
        assertThat(dir.maySendAs("alice@example.test", "team@example.test")).isTrue();
        assertThat(dir.maySendAs("bob@example.test", "team@example.test")).as("through sales").isTrue();
        assertThat(dir.maySendAs("bob@example.test", "alice@example.test")).isFalse();
        assertThat(dir.maySendAs("alice@example.test", "sales@example.test")).isFalse();
        assertThat(dir.maySendAs("alice@example.test", "whatever@example.test")).as("catch-all").isFalse();
        assertThat(dir.maySendAs("alice@example.test", "alice@remote.test")).isFalse();
        assertThat(dir.maySendAs("alice@example.test", "not an address")).isFalse();
        assertThat(dir.maySendAs("alice@example.test", "\"alice\"@example.test")).as("the same mailbox").isTrue();
        assertThat(dir.maySendAs("alice@example.test", "\"a b\"@example.test")).isFalse();
        assertThat(dir.maySendAs("alice@example.test", "\uFF41lice@example.test")).as("fullwidth a folds to alice")
                .isTrue();
        assertThat(dir.resolve("whatever@example.test")).as("delivery still uses the catch-all")
                .containsExactly("alice@example.test");
    }

    @Test
    void aLocalDomainIsRememberedBrieflyButAnUnknownOneIsAskedForEveryTime() {
        Directory otherInstance = new Directory(db, Optional.empty());
        assertThat(dir.isLocalDomain("new.test")).isFalse();
        otherInstance.addDomain("new.test");
        assertThat(dir.isLocalDomain("NEW.test")).as("a no is not remembered").isTrue();

        otherInstance.removeDomain("new.test");
        assertThat(dir.isLocalDomain("new.test")).as("a yes is, for a few seconds").isTrue();
        assertThat(otherInstance.isLocalDomain("new.test")).as("the instance that removed it knows").isFalse();

        dir.addDomain("gone.test");
        assertThat(dir.isLocalDomain("gone.test")).isTrue();
        dir.removeDomain("gone.test");
        assertThat(dir.isLocalDomain("gone.test")).isFalse();
    }

    @Test
    void theMailPathRemembersUsersAndAliasesBrieflyButNeverThatSomethingIsMissing() {
        Directory otherInstance = new Directory(db, Optional.empty());
        assertThat(dir.resolve("carol@example.test")).isEmpty();
        otherInstance.addUser("carol@example.test", "pw");
        assertThat(dir.resolve("carol@example.test")).as("a no is not remembered").containsExactly("carol@example.test");
        otherInstance.addAlias("team@example.test", List.of("alice@example.test"));
        assertThat(dir.resolve("team@example.test")).containsExactly("alice@example.test");
        otherInstance.setQuota("carol@example.test", new Directory.Quota(100, 1));
        assertThat(dir.quota("carol@example.test")).as("the account as first seen").contains(Directory.Quota.UNLIMITED);

        otherInstance.removeUser("carol@example.test");
        otherInstance.replaceAlias("team@example.test", List.of("bob@example.test"));
        assertThat(dir.resolve("carol@example.test")).as("a yes is, for a few seconds").containsExactly("carol@example.test");
        assertThat(dir.resolve("team@example.test")).containsExactly("alice@example.test");
        assertThat(dir.findUser("carol@example.test")).as("the admin view reads the store").isEmpty();
        assertThat(otherInstance.resolve("carol@example.test")).as("the instance that changed it knows").isEmpty();
        assertThat(otherInstance.resolve("team@example.test")).containsExactly("bob@example.test");

        dir.setDisabled("alice@example.test", true);
        assertThat(dir.findUserForMail("alice@example.test")).as("a change through this instance applies at once")
                .map(Directory.User::disabled).contains(true);
        dir.removeAlias("team@example.test");
        dir.removeUser("carol@example.test");
        assertThat(dir.resolve("team@example.test")).isEmpty();
        assertThat(dir.resolve("carol@example.test")).isEmpty();
    }

    @Test
    void catchAllTakesWhatNothingElseTakes() {
        assertThat(dir.setCatchAll("Example.TEST", "bob@example.test")).isEqualTo(Directory.Result.UPDATED);
        assertThat(dir.catchAll("example.test")).contains("bob@example.test");
        assertThat(dir.resolve("whatever@example.test")).containsExactly("bob@example.test");
        assertThat(dir.resolve("alice@example.test")).containsExactly("alice@example.test");
        dir.setCatchAll("example.test", "nobody@example.test");
        assertThat(dir.resolve("whatever@example.test")).as("a catch-all pointing into itself").isEmpty();
        assertThat(dir.setCatchAll("example.test", null)).isEqualTo(Directory.Result.UPDATED);
        assertThat(dir.catchAll("example.test")).isEmpty();
        assertThat(dir.resolve("whatever@example.test")).isEmpty();
        assertThat(dir.setCatchAll("unknown.test", "bob@example.test")).isEqualTo(Directory.Result.NOT_FOUND);
        assertThatThrownBy(() -> dir.setCatchAll("example.test", "bad")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void postmasterAndAbuseAreAlwaysDeliverable() {
        assertThat(dir.resolve("PostMaster@example.test")).containsExactly("admin@example.test");
        assertThat(dir.resolve("abuse@bücher.test")).containsExactly("admin@example.test");
        dir.addAlias("postmaster@example.test", List.of("bob@example.test"));
        assertThat(dir.resolve("postmaster@example.test")).containsExactly("bob@example.test");
        assertThat(dir.resolve("abuse@example.test")).as("abuse follows the domain's postmaster")
                .containsExactly("bob@example.test");
        dir.addUser("abuse@example.test", "pw");
        assertThat(dir.resolve("abuse@example.test")).containsExactly("abuse@example.test");

        Directory unconfigured = new Directory(db);
        assertThat(unconfigured.resolve("postmaster@xn--bcher-kva.test")).isEmpty();
        unconfigured.setCatchAll("bücher.test", "alice@example.test");
        assertThat(unconfigured.resolve("postmaster@xn--bcher-kva.test")).containsExactly("alice@example.test");
    }
}
