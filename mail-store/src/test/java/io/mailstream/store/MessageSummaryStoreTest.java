package io.mailstream.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.mailstream.store.summary.AddressList;
import io.mailstream.store.summary.BodyPart;
import io.mailstream.store.summary.Envelope;
import io.mailstream.store.summary.EnvelopeAddress;
import io.mailstream.store.summary.MessageSummary;

import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The message summary as a part of the message record, over real TCP to the Mongo-wire store. */
class MessageSummaryStoreTest {

    static TestStoreServer store;
    static MongoDatabase db;

    @BeforeAll
    static void start() {
        store = TestStoreServer.start();
        db = store.freshDatabase("summary");
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    private static Envelope envelope(String subject, String from) {
        return Envelope.of(new Envelope.Header() {
            @Override
            public String first(String name) {
                return switch (name) {
                    case "Subject" -> subject;
                    case "Date" -> "Mon, 7 Feb 1994 21:52:25 -0800";
                    default -> null;
                };
            }

            @Override
            public String joined(String name) {
                return name.equals("From") ? from : null;
            }
        });
    }

    private static StoredMessage message(long uid, MessageSummary summary) {
        return new StoredMessage("s" + uid + "/alice@example.test", "box", uid, uid, Set.of(), new Date(), 100, "b",
                "s" + uid, "alice@example.test", "Subject: x\r\n\r\n", summary);
    }

    @Test
    void aNestedStructureWithGroupsAndNilsReadsBackEqual() {
        BodyPart text = new BodyPart(Map.of("content-type", "text/plain; charset=utf-8"), 12, 1, null, List.of(),
                null);
        MessageSummary inner = new MessageSummary(envelope("=?utf-8?q?inner?=", "Bob <bob@b.example>"),
                new BodyPart(Map.of(), 5, 1, null, List.of(), null));
        BodyPart attached = new BodyPart(Map.of("content-type", "message/rfc822",
                "content-disposition", "attachment; filename=\"x.eml\""), 300, 9, null, List.of(), inner);
        BodyPart root = new BodyPart(Map.of("content-type", "multipart/mixed; boundary=\"b1\""), 500, 20, "b1",
                List.of(text, attached), null);
        MessageSummary summary = new MessageSummary(
                envelope("Hello", "undisclosed-recipients:;, \"A, B\" <@r.example:a@b.example>"), root);
        assertThat(summary.envelope().from()).containsExactly(new EnvelopeAddress(null, null, "undisclosed-recipients",
                null), new EnvelopeAddress(null, null, null, null),
                new EnvelopeAddress("A, B", "@r.example", "a", "b.example"));

        MessageStore messages = new MessageStore(db);
        messages.insert(message(1, summary));
        StoredMessage read = messages.find("box", 1).orElseThrow();

        assertThat(read.summary()).isEqualTo(summary);
        assertThat(read.summary().hasStructure()).isTrue();
        assertThat(read.summary().body().parts().get(1).message().envelope().subject()).isEqualTo("=?utf-8?q?inner?=");
        assertThat(read.withFlags(Set.of("\\Seen"), 9).summary()).isEqualTo(summary);
    }

    @Test
    void aTruncatedSummaryKeepsItsEnvelope() {
        MessageSummary truncated = new MessageSummary(envelope("deep", "a@b.example"), null);
        MessageStore messages = new MessageStore(db);
        messages.insert(message(2, truncated));
        MessageSummary read = messages.find("box", 2).orElseThrow().summary();
        assertThat(read.hasStructure()).isFalse();
        assertThat(read.envelope().from()).containsExactly(new EnvelopeAddress(null, null, "a", "b.example"));
    }

    @Test
    void recordsWithoutOrWithAnUnknownSummaryVersionReadAsHavingNone() {
        MessageStore messages = new MessageStore(db);
        messages.insert(new StoredMessage("old/alice@example.test", "box", 3, 3, Set.of(), new Date(), 10, "b", "old",
                "alice@example.test", "Subject: old\r\n\r\n"));
        assertThat(messages.find("box", 3).orElseThrow().summary()).isNull();

        messages.insert(message(4, new MessageSummary(envelope("x", null), null)));
        db.getCollection("messages").updateOne(Filters.eq("uid", 4L), Updates.set("summary.v", 99));
        assertThat(messages.find("box", 4).orElseThrow().summary()).isNull();
        assertThat(db.getCollection("messages").find(Filters.eq("uid", 3L)).first()).doesNotContainKey("summary");
    }

    @Test
    void addressListKeepsEncodedWordsAndDropsComments() {
        assertThat(AddressList.parse("=?utf-8?b?w6k=?= <e@x.example> (home), c@d.example")).containsExactly(
                new EnvelopeAddress("=?utf-8?b?w6k=?=", null, "e", "x.example"),
                new EnvelopeAddress(null, null, "c", "d.example"));
        assertThat(new Document(new MessageSummary(envelope(null, null), null).toDocument())).containsKey("env");
    }
}
