package io.mailstream.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;

import io.mailstream.store.summary.MessageSummarizer;
import io.mailstream.store.summary.MessageSummary;
import io.mailstream.store.summary.SearchText;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Set;

import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Search text and part offsets as fields of the message record, over real TCP to the Mongo-wire store. */
class SearchTextStoreTest {

    static TestStoreServer store;
    static MongoDatabase db;

    @BeforeAll
    static void start() {
        store = TestStoreServer.start();
        db = store.freshDatabase("searchtext");
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    private static StoredMessage message(long uid, byte[] raw, MessageSummary summary) {
        return new StoredMessage("t" + uid + "/alice@example.test", "box", uid, uid, Set.of(), new Date(), raw.length,
                "b", "t" + uid, "alice@example.test", HeaderSection.of(raw), summary);
    }

    /** A typical 4 KB message: a short header, a text and an HTML alternative, quoted-printable. */
    static byte[] fourKilobytes() {
        String line = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor =C3=BC.\r\n";
        String text = line.repeat(20);
        String html = "<p>" + line.repeat(20) + "</p>";
        return ("Return-Path: <ann@a.example>\r\nDelivered-To: bob@b.example\r\nReceived: from mx.a.example by "
                + "mx.b.example with ESMTPS; Mon, 7 Feb 1994 21:52:25 -0800\r\nFrom: Ann <ann@a.example>\r\n"
                + "To: Bob <bob@b.example>\r\nSubject: the quarterly figures\r\nDate: Mon, 7 Feb 1994 21:52:25 -0800\r\n"
                + "Message-ID: <4k@a.example>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n--alt\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                + text + "--alt\r\nContent-Type: text/html; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: quoted-printable\r\n\r\n" + html + "\r\n--alt--\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void textAndOffsetsReadBackEqual() {
        MessageStore messages = new MessageStore(db);
        byte[] raw = ("Subject: x\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n\r\nnul \u0000 and 𝄞 and ü\r\n--b\r\n"
                + "Content-Type: message/rfc822\r\n\r\nSubject: =?utf-8?q?inn=C3=A9r?=\r\n\r\ninner\r\n--b--\r\n")
                .getBytes(StandardCharsets.UTF_8);
        MessageSummary summary = MessageSummarizer.summarize(raw);
        assertThat(summary.text().body()).hasSize(2).first().asString().contains("\u0000", "𝄞");
        assertThat(summary.body().parts().get(1).message().body().located()).isTrue();
        messages.insert(message(1, raw, summary));
        MessageSummary read = messages.find("box", 1).orElseThrow().summary();
        assertThat(read).isEqualTo(summary);

        MessageSummary cut = new MessageSummary(summary.envelope(), summary.body(),
                new SearchText(List.of("h"), List.of("b"), true));
        messages.insert(message(2, raw, cut));
        assertThat(messages.find("box", 2).orElseThrow().summary().text().truncated()).isTrue();
    }

    @Test
    void listingsLeaveTheTextOutAndSearchTextsReadsItForAWholeMailboxAtOnce() {
        MessageStore messages = new MessageStore(db);
        byte[] raw = fourKilobytes();
        MessageSummary summary = MessageSummarizer.summarize(raw);
        for (long uid = 1; uid <= 3; uid++) {
            messages.insert(new StoredMessage("l" + uid + "/alice@example.test", "listed", uid, uid, Set.of(),
                    new Date(), raw.length, "b", "l" + uid, "alice@example.test", HeaderSection.of(raw),
                    uid == 2 ? new MessageSummary(summary.envelope(), summary.body(), null) : summary));
        }
        List<StoredMessage> listed = messages.list("listed");
        assertThat(listed).extracting(StoredMessage::uid).containsExactly(1L, 2L, 3L);
        assertThat(listed).allSatisfy(m -> {
            assertThat(m.summary().text()).isNull();
            assertThat(m.summary().envelope()).isEqualTo(summary.envelope());
        });
        assertThat(messages.changedSince("listed", 0)).allSatisfy(m -> assertThat(m.summary().text()).isNull());

        assertThat(messages.searchTexts("listed")).containsOnlyKeys(1L, 3L).containsEntry(3L, summary.text());
        assertThat(messages.searchTexts("nothing-here")).isEmpty();
        assertThat(messages.count("listed")).isEqualTo(3);
        assertThat(messages.count("nothing-here")).isZero();
        assertThat(messages.find("listed", 1).orElseThrow().summary().text()).as("one record: all of it")
                .isEqualTo(summary.text());
    }

    @Test
    void aRecordWithoutTextOrOffsetsReadsAsNotHavingThem() {
        MessageStore messages = new MessageStore(db);
        byte[] raw = "Subject: old\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\none\r\n--b--\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        Document d = message(3, raw, MessageSummarizer.summarize(raw)).toDocument();
        Document summary = d.get("summary", Document.class);
        summary.remove("text");
        summary.get("body", Document.class).keySet().removeAll(Set.of("start", "bodyStart", "end"));
        db.getCollection("messages").insertOne(d);
        MessageSummary read = messages.find("box", 3).orElseThrow().summary();
        assertThat(read.text()).isNull();
        assertThat(read.body().located()).isFalse();
        assertThat(read.body().parts().get(0).located()).isTrue(); // each entity on its own
    }

    /** What the search text and the offsets add to the record of a 4 KB message (printed for the README). */
    @Test
    void aFourKilobyteMessageStoresTheTextOnce() {
        byte[] raw = fourKilobytes();
        MessageSummary full = MessageSummarizer.summarize(raw);
        Document after = message(4, raw, full).toDocument();
        Document before = message(4, raw, full).toDocument();
        Document summary = before.get("summary", Document.class);
        summary.remove("text");
        stripOffsets(summary.get("body", Document.class));
        int beforeBytes = bsonSize(before);
        int afterBytes = bsonSize(after);
        int text = String.join("", full.text().body()).getBytes(StandardCharsets.UTF_8).length
                + String.join("", full.text().headers()).getBytes(StandardCharsets.UTF_8).length;
        System.out.printf("4 KB message (%d octets): record %d octets before, %d after (search text %d octets)%n",
                raw.length, beforeBytes, afterBytes, text);
        assertThat(afterBytes - beforeBytes).isLessThan(text + 200);
    }

    @SuppressWarnings("unchecked")
    private static void stripOffsets(Document part) {
        part.keySet().removeAll(Set.of("start", "bodyStart", "end"));
        List<Document> parts = part.get("parts", List.class);
        if (parts != null) {
            parts.forEach(SearchTextStoreTest::stripOffsets);
        }
    }

    private static int bsonSize(Document d) {
        return new RawBsonDocument(d, new DocumentCodec()).getByteBuffer().remaining();
    }
}
