package io.mailstream.mongowire;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.bson.Document;

import io.netty.channel.embedded.EmbeddedChannel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reply never shares a mutable object with a stored document, whether the collection projected
 * it or not: changing a reply does not change the store, and a later update does not change a reply
 * built before it (the wire encoder reads replies after {@link SerializedBackend} released its lock).
 * Driven at the backend, where replies are still objects: over the wire they arrive as bytes.
 */
class ReplyCopyTest {

    private static final Document EXCLUDE_TEXT = new Document("summary.text", 0);
    private static final Document ALL_FIELDS = new Document();

    @TempDir
    Path dir;

    @Test
    void theH2BackendHandsOutTheStoredDocumentItselfSoRepliesMustBeCopies() {
        MongoBackend raw = IndexedBackends.h2(dir.resolve("raw.mv").toString());
        try {
            insert(raw);
            assertThat(find(raw, ALL_FIELDS).get(0)).isSameAs(find(raw, ALL_FIELDS).get(0));
        } finally {
            raw.close();
        }
    }

    @Test
    void changingAReplyChangesNothingStoredOnH2() {
        changingAReplyChangesNothingStored(() -> IndexedBackends.h2(dir.resolve("s.mv").toString()));
    }

    @Test
    void changingAReplyChangesNothingStoredInMemory() {
        changingAReplyChangesNothingStored(IndexedBackends::memory);
    }

    @Test
    void anUpdateDoesNotChangeAReplyBuiltBeforeItOnH2() {
        anUpdateDoesNotChangeAReplyBuiltBeforeIt(() -> IndexedBackends.h2(dir.resolve("s.mv").toString()));
    }

    @Test
    void anUpdateDoesNotChangeAReplyBuiltBeforeItInMemory() {
        anUpdateDoesNotChangeAReplyBuiltBeforeIt(IndexedBackends::memory);
    }

    private static void changingAReplyChangesNothingStored(Supplier<MongoBackend> backend) {
        MongoBackend store = new SerializedBackend(backend.get());
        try {
            insert(store);
            for (Document projection : List.of(ALL_FIELDS, EXCLUDE_TEXT)) {
                Document before = find(store, ALL_FIELDS).get(0).cloneDeeply();
                Document reply = find(store, projection).get(0);
                reply.put("uid", 99);
                Document summary = (Document) reply.get("summary");
                ((Document) summary.get("env")).put("subject", "changed");
                ((List<Object>) summary.get("flags")).add("\\Deleted");
                assertThat(find(store, ALL_FIELDS).get(0)).as(projection.toString()).isEqualTo(before);
            }
        } finally {
            store.close();
        }
    }

    private static void anUpdateDoesNotChangeAReplyBuiltBeforeIt(Supplier<MongoBackend> backend) {
        MongoBackend store = new SerializedBackend(backend.get());
        try {
            insert(store);
            for (Document projection : List.of(ALL_FIELDS, EXCLUDE_TEXT)) {
                Document reply = find(store, projection).get(0);
                Document before = reply.cloneDeeply();
                store.handleCommand(new EmbeddedChannel(), "t", "update", new Document("update", "messages")
                        .append("updates", List.of(new Document("q", new Document("_id", "a"))
                                .append("u", new Document("$set", new Document("uid", 7)
                                        .append("summary.env.subject", "later"))))));
                assertThat(reply).as(projection.toString()).isEqualTo(before);
                assertThat(find(store, ALL_FIELDS).get(0).get("uid")).isEqualTo(7);
            }
        } finally {
            store.close();
        }
    }

    private static void insert(MongoBackend store) {
        store.handleCommand(new EmbeddedChannel(), "t", "createIndexes", new Document("createIndexes", "messages")
                .append("indexes", List.of(new Document("key", new Document("mailboxId", 1).append("uid", 1))
                        .append("name", "mailboxId_1_uid_1"))));
        Document summary = new Document("env", new Document("subject", "hello"))
                .append("flags", new ArrayList<>(List.of("\\Seen"))).append("text", new Document("body", List.of("hi")));
        store.handleCommand(new EmbeddedChannel(), "t", "insert", new Document("insert", "messages")
                .append("documents", List.of(new Document("_id", "a").append("mailboxId", "inbox").append("uid", 1)
                        .append("summary", summary))));
    }

    @SuppressWarnings("unchecked")
    private static List<Document> find(MongoBackend store, Document projection) {
        Document reply = store.handleCommand(new EmbeddedChannel(), "t", "find", new Document("find", "messages")
                .append("filter", new Document("mailboxId", "inbox")).append("projection", projection)
                .append("sort", new Document("uid", 1)));
        return (List<Document>) ((Document) reply.get("cursor")).get("firstBatch");
    }
}
