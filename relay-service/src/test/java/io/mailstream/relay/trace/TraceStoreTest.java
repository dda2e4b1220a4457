package io.mailstream.relay.trace;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import io.mailstream.core.event.MailEvent;
import io.mailstream.store.StoreDatabase;
import io.mailstream.testkit.EmbeddedMongo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TraceStoreTest {

    private static MongoClient client;
    private static TraceStore store;

    @BeforeAll
    static void start() {
        client = MongoClients.create(EmbeddedMongo.start());
        store = new TraceStore(StoreDatabase.open(client, "trace" + System.nanoTime()));
        store.ensureIndexes(Duration.ofDays(1));
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    private static MailEvent event(String messageId, MailEvent.Type type, Instant at) {
        return new MailEvent(MailEvent.SCHEMA_VERSION, messageId, type, "rcpt@example.test", "test", null, at);
    }

    @Test
    void aBatchIsStoredOnceEvenWhenItIsWrittenAgainAndIsReadBackInTheOrderTheEventsHappened() {
        Instant t = Instant.parse("2026-11-28T12:00:00Z");
        List<TraceStore.Entry> batch = List.of(
                new TraceStore.Entry("0:7", event("m1", MailEvent.Type.DELIVERED, t.plusSeconds(2))),
                new TraceStore.Entry("1:3", event("m2", MailEvent.Type.ACCEPTED, t)),
                new TraceStore.Entry("0:5", event("m1", MailEvent.Type.ACCEPTED, t)),
                new TraceStore.Entry("2:9", event("m1", MailEvent.Type.ROUTED_LOCAL, t.plusSeconds(1))));
        store.recordAll(batch);
        store.recordAll(batch.subList(1, 4)); // a redelivery after a failed commit
        store.recordAll(List.of());

        assertThat(store.forMessage("m1")).extracting(MailEvent::type)
                .containsExactly(MailEvent.Type.ACCEPTED, MailEvent.Type.ROUTED_LOCAL, MailEvent.Type.DELIVERED);
        assertThat(store.forMessage("m2")).hasSize(1);
        assertThat(store.forMessage("m3")).isEmpty();
    }
}
