package io.mailstream.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import io.mailstream.core.Envelope;
import io.mailstream.core.event.MailEvent;
import io.mailstream.core.event.MessageAccepted;
import io.mailstream.store.BlobStore;
import io.mailstream.store.StoreDatabase;
import io.mailstream.testkit.EmbeddedMongo;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The durability contract's failure paths, which a running broker cannot be made to show on
 * demand: the blob store is real (Mongo-wire store), the emitters answer as scripted.
 */
class DurableMessageSinkTest {

    private static MongoClient client;
    private static BlobStore blobs;

    private static final IncomingMessage MESSAGE = new IncomingMessage("01TESTQUEUEID00000",
            new Envelope("a@remote.test", List.of("alice@example.test")),
            "Received: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII), "192.0.2.1", "client.test",
            Instant.parse("2024-06-04T10:00:00Z"));

    enum Answer { ACK, NACK, NEVER, THROW }

    /** An emitter whose "broker" acknowledges, refuses, never answers or is not there at all. */
    static final class ScriptedEmitter<T> implements Emitter<T> {
        final Answer answer;
        final List<Message<? extends T>> sent = new ArrayList<>();

        ScriptedEmitter(Answer answer) {
            this.answer = answer;
        }

        @Override
        public <M extends Message<? extends T>> void send(M msg) {
            if (answer == Answer.THROW) {
                throw new IllegalStateException("channel down");
            }
            sent.add(msg);
            if (answer == Answer.ACK) {
                msg.ack();
            } else if (answer == Answer.NACK) {
                msg.nack(new RuntimeException("NOT_ENOUGH_REPLICAS"));
            }
        }

        @Override
        public CompletionStage<Void> send(T payload) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void complete() {
        }

        @Override
        public void error(Exception e) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean hasRequests() {
            return true;
        }
    }

    @BeforeAll
    static void store() {
        client = MongoClients.create(EmbeddedMongo.start());
        blobs = new BlobStore(StoreDatabase.open(client, "sink" + System.nanoTime()));
    }

    @AfterAll
    static void close() {
        client.close();
    }

    private static DurableMessageSink sink(BlobStore store, Emitter<MessageAccepted> inbound, Emitter<MailEvent> events) {
        return new DurableMessageSink(store, inbound, events, Duration.ofMillis(300));
    }

    @Test
    void storesTheBlobThenPublishesTheClaimCheckKeyedByQueueId() throws Exception {
        ScriptedEmitter<MessageAccepted> inbound = new ScriptedEmitter<>(Answer.ACK);
        ScriptedEmitter<MailEvent> events = new ScriptedEmitter<>(Answer.ACK);
        sink(blobs, inbound, events).accept(MESSAGE);

        Message<? extends MessageAccepted> record = inbound.sent.get(0);
        MessageAccepted accepted = record.getPayload();
        assertThat(blobs.get(accepted.blobId())).hasValueSatisfying(b -> assertThat(b).isEqualTo(MESSAGE.content()));
        assertThat(accepted.messageId()).isEqualTo("01TESTQUEUEID00000");
        assertThat(accepted.size()).isEqualTo(MESSAGE.content().length);
        assertThat(accepted.recipients()).containsExactly("alice@example.test");
        assertThat(record.getMetadata(OutgoingKafkaRecordMetadata.class)).hasValueSatisfying(
                m -> assertThat(m.getKey()).isEqualTo("01TESTQUEUEID00000"));
        assertThat(events.sent.get(0).getPayload().type()).isEqualTo(MailEvent.Type.ACCEPTED);
    }

    @Test
    void brokerRefusalTimeoutOrAbsenceFailTheMessage() {
        for (Answer answer : new Answer[] {Answer.NACK, Answer.NEVER, Answer.THROW}) {
            ScriptedEmitter<MailEvent> events = new ScriptedEmitter<>(Answer.ACK);
            assertThatThrownBy(() -> sink(blobs, new ScriptedEmitter<>(answer), events).accept(MESSAGE))
                    .as(answer.name()).isInstanceOf(MessageSinkException.class);
            assertThat(events.sent).as("no ACCEPTED event for a message that was not accepted").isEmpty();
        }
    }

    @Test
    void blobStoreFailurePublishesNothing() {
        ScriptedEmitter<MessageAccepted> inbound = new ScriptedEmitter<>(Answer.ACK);
        try (MongoClient unreachable = MongoClients.create(
                "mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=200&connectTimeoutMS=200")) {
            BlobStore broken = new BlobStore(StoreDatabase.open(unreachable, "none"));
            assertThatThrownBy(() -> sink(broken, inbound, new ScriptedEmitter<>(Answer.ACK)).accept(MESSAGE))
                    .isInstanceOf(MessageSinkException.class);
        }
        assertThat(inbound.sent).isEmpty();
    }

    @Test
    void aLostTraceEventDoesNotFailTheMessage() throws Exception {
        sink(blobs, new ScriptedEmitter<>(Answer.ACK), new ScriptedEmitter<>(Answer.THROW)).accept(MESSAGE);
        sink(blobs, new ScriptedEmitter<>(Answer.ACK), new ScriptedEmitter<>(Answer.NACK)).accept(MESSAGE);
    }
}
