package io.mailstream.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import io.mailstream.core.event.LocalDelivery;
import io.mailstream.delivery.MailboxDeliverer.Result;
import io.mailstream.store.BlobStore;
import io.mailstream.store.MailboxStore;
import io.mailstream.store.MessageStore;
import io.mailstream.store.StoreDatabase;
import io.mailstream.store.StoredMessage;
import io.mailstream.testkit.EmbeddedMongo;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The delivery rules against the real Mongo-wire store, without Kafka. */
class MailboxDelivererTest {

    private static final String RAW = "From: a@far.example\r\nSubject: hello\r\n\r\nHi Alice!\r\n";
    private static final Instant ACCEPTED = Instant.parse("2024-05-01T10:00:00Z");

    private static MongoClient client;
    private BlobStore blobs;
    private MailboxStore mailboxes;
    private MessageStore messages;
    private MailboxDeliverer deliverer;
    private String blobId;

    @BeforeAll
    static void connect() {
        client = MongoClients.create(EmbeddedMongo.start());
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    @BeforeEach
    void setUp() {
        MongoDatabase db = StoreDatabase.open(client, "deliverer" + System.nanoTime());
        blobs = new BlobStore(db);
        mailboxes = new MailboxStore(db);
        messages = new MessageStore(db);
        deliverer = new MailboxDeliverer(blobs, mailboxes, messages);
        blobId = blobs.put(RAW.getBytes(StandardCharsets.UTF_8));
    }

    private LocalDelivery delivery(String messageId, String owner) {
        return new LocalDelivery(1, messageId, blobId, RAW.length(), "a@far.example", owner, owner, ACCEPTED);
    }

    @Test
    void storesTheMessageInTheOwnersInboxWithWhatImapNeeds() {
        MailboxDeliverer.Delivery d = deliverer.deliver(delivery("m1", "alice@example.test"));

        assertThat(d.result()).isEqualTo(Result.STORED);
        assertThat(d.mailbox().name()).isEqualTo("INBOX");
        assertThat(d.mailbox().owner()).isEqualTo("alice@example.test");
        StoredMessage m = messages.find(d.mailbox().id(), d.uid()).orElseThrow();
        assertThat(m.id()).isEqualTo("m1/alice@example.test");
        assertThat(m.header()).isEqualTo("From: a@far.example\r\nSubject: hello\r\n\r\n");
        assertThat(m.size()).isEqualTo(RAW.length());
        assertThat(m.internalDate()).isEqualTo(Date.from(ACCEPTED));
        assertThat(m.flags()).isEmpty();
        assertThat(m.blobId()).isEqualTo(blobId);
        assertThat(m.modSeq()).isEqualTo(d.modSeq());
    }

    @Test
    void uidsIncreaseAndARepeatedDeliveryIsANoOp() {
        long first = deliverer.deliver(delivery("m1", "alice@example.test")).uid();
        long second = deliverer.deliver(delivery("m2", "alice@example.test")).uid();
        MailboxDeliverer.Delivery again = deliverer.deliver(delivery("m1", "alice@example.test"));
        long third = deliverer.deliver(delivery("m3", "alice@example.test")).uid();

        assertThat(again.result()).isEqualTo(Result.DUPLICATE);
        assertThat(new long[] {first, second, third}).containsExactly(1, 2, 3);
        assertThat(messages.list(again.mailbox().id())).extracting(StoredMessage::messageId)
                .containsExactly("m1", "m2", "m3");
    }

    @Test
    void eachOwnerGetsItsOwnCopyAndUidSequence() {
        deliverer.deliver(delivery("m1", "alice@example.test"));
        MailboxDeliverer.Delivery bob = deliverer.deliver(delivery("m1", "bob@example.test"));
        assertThat(bob.result()).isEqualTo(Result.STORED);
        assertThat(bob.uid()).isEqualTo(1);
    }

    @Test
    void aMissingBlobIsUndeliverable() {
        LocalDelivery lost = new LocalDelivery(1, "m9", "0".repeat(64), 1, "", "alice@example.test",
                "alice@example.test", ACCEPTED);
        assertThatThrownBy(() -> deliverer.deliver(lost)).isInstanceOf(UndeliverableMessage.class)
                .hasMessageContaining("not in the store");
        assertThat(LocalDeliveryConsumer.CLASSIFY.apply(new UndeliverableMessage("x")))
                .isEqualTo(io.mailstream.core.Retrier.Failure.PERMANENT);
    }

    @Test
    void anOwnerThatIsNotAnAccountKeyIsUndeliverable() {
        assertThatThrownBy(() -> deliverer.deliver(delivery("m1", "Alice@example.test")))
                .isInstanceOf(UndeliverableMessage.class);
        assertThatThrownBy(() -> deliverer.deliver(delivery("m1", "../../etc")))
                .isInstanceOf(UndeliverableMessage.class);
        assertThat(mailboxes.list("Alice@example.test")).isEmpty();
    }
}
