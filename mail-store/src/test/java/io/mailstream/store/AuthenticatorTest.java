package io.mailstream.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import de.bwaldvogel.mongo.MongoServer;

import io.mailstream.mongowire.IndexedBackends;
import io.mailstream.mongowire.SerializedBackend;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {

    static MongoServer server;
    static MongoClient client;
    static Directory directory;

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeAll
    static void start() {
        server = new MongoServer(new SerializedBackend(IndexedBackends.memory()));
        client = MongoClients.create(server.bindAndGetConnectionString());
        MongoDatabase db = StoreDatabase.open(client, "auth");
        directory = new Directory(db);
        directory.addDomain("example.test");
        directory.addUser("alice@example.test", "right");
    }

    @AfterAll
    static void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void repeatedFailuresFromOneClientAreThrottledUntilTheWindowPasses() {
        ManualClock clock = new ManualClock();
        Authenticator auth = new Authenticator(directory, 3, Duration.ofMinutes(5), clock);
        for (int i = 0; i < 3; i++) {
            assertThat(auth.authenticate("alice@example.test", "wrong", "192.0.2.1").outcome())
                    .isEqualTo(Authenticator.Outcome.FAILURE);
        }
        // Even the right password is refused while throttled: guessing cannot go on.
        assertThat(auth.authenticate("alice@example.test", "right", "192.0.2.1").outcome())
                .isEqualTo(Authenticator.Outcome.THROTTLED);
        clock.now = clock.now.plus(Duration.ofMinutes(6));
        Authenticator.Result ok = auth.authenticate("ALICE@example.test", "right", "192.0.2.1");
        assertThat(ok.ok()).isTrue();
        assertThat(ok.account()).contains("alice@example.test");
    }

    @Test
    void anAccountUnderAttackFromManyClientsIsThrottledToo() {
        Authenticator auth = new Authenticator(directory, 3, Duration.ofMinutes(5), new ManualClock());
        for (int i = 0; i < 3; i++) {
            auth.authenticate("alice@example.test", "wrong", "198.51.100." + i);
        }
        assertThat(auth.authenticate("alice@example.test", "right", "203.0.113.9").outcome())
                .isEqualTo(Authenticator.Outcome.THROTTLED);
        assertThat(auth.authenticate("bob@example.test", "x", "203.0.113.9").outcome())
                .isEqualTo(Authenticator.Outcome.FAILURE);
    }

    @Test
    void everySpellingOfAnAccountCountsAgainstTheSameBudget() {
        Authenticator auth = new Authenticator(directory, 3, Duration.ofMinutes(5), new ManualClock());
        for (String spelling : new String[] {"ALICE@example.test", "\"alice\"@EXAMPLE.test", "ａｌｉｃｅ@example.test"}) {
            assertThat(auth.authenticate(spelling, "wrong", "198.51.100." + spelling.length()).outcome())
                    .isEqualTo(Authenticator.Outcome.FAILURE);
        }
        assertThat(auth.authenticate("alice@example.test", "right", "203.0.113.9").outcome())
                .isEqualTo(Authenticator.Outcome.THROTTLED);
    }
}
