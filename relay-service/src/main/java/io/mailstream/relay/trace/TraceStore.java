package io.mailstream.relay.trace;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;

import io.mailstream.core.event.MailEvent;
import io.mailstream.store.StoreException;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.bson.Document;

/**
 * Every event of every message, from {@code mail.events}, in the MongoDB collection {@code trace}:
 * what answers "where is my mail?" by message id. Keyed by the record's partition and offset, so
 * a redelivered record is stored once.
 */
@Singleton
public class TraceStore {

    private final MongoCollection<Document> trace;

    @Inject
    public TraceStore(MongoDatabase db) {
        this.trace = db.getCollection("trace");
    }

    /** Indexes: by message, and expiry after {@code retention} (best effort, like the queue's). */
    public void ensureIndexes(Duration retention) {
        trace.createIndex(Indexes.ascending("messageId", "at"));
        trace.createIndex(Indexes.ascending("storedAt"),
                new IndexOptions().expireAfter(retention.toSeconds(), TimeUnit.SECONDS));
    }

    /** One event, keyed by its record id ({@code partition:offset}). */
    public record Entry(String recordId, MailEvent event) {
    }

    public void record(String recordId, MailEvent e) {
        recordAll(List.of(new Entry(recordId, e)));
    }

    /** Stores the events in one round trip; a write repeated after a failure or redelivery is a no-op. */
    public void recordAll(List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        Date now = new Date();
        List<ReplaceOneModel<Document>> writes = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            MailEvent e = entry.event();
            Document doc = new Document("_id", entry.recordId()).append("messageId", e.messageId())
                    .append("type", e.type() == null ? null : e.type().name()).append("recipient", e.recipient())
                    .append("service", e.service()).append("detail", e.detail())
                    .append("at", e.at() == null ? null : Date.from(e.at())).append("storedAt", now);
            writes.add(new ReplaceOneModel<>(Filters.eq("_id", entry.recordId()), doc,
                    new ReplaceOptions().upsert(true)));
        }
        try {
            trace.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        } catch (MongoException ex) {
            throw new StoreException("trace write failed", ex);
        }
    }

    /** The events of a message in the order they happened. */
    public List<MailEvent> forMessage(String messageId) {
        List<MailEvent> out = new ArrayList<>();
        try {
            trace.find(Filters.eq("messageId", messageId)).sort(Sorts.ascending("at", "_id"))
                    .forEach(d -> out.add(new MailEvent(MailEvent.SCHEMA_VERSION, d.getString("messageId"),
                            d.getString("type") == null ? null : MailEvent.Type.valueOf(d.getString("type")),
                            d.getString("recipient"), d.getString("service"), d.getString("detail"),
                            d.getDate("at") == null ? null : d.getDate("at").toInstant())));
        } catch (MongoException ex) {
            throw new StoreException("trace read failed", ex);
        }
        return out;
    }
}
