package io.mailstream.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import io.mailstream.core.event.LocalDelivery;
import io.mailstream.delivery.MailboxDeliverer.Delivery;
import io.mailstream.delivery.MailboxDeliverer.Result;
import io.mailstream.store.BlobStore;
import io.mailstream.store.Directory;
import io.mailstream.store.Mailbox;
import io.mailstream.store.MailboxStore;
import io.mailstream.store.MessageStore;
import io.mailstream.store.StoreDatabase;
import io.mailstream.store.StoredMessage;
import io.mailstream.testkit.EmbeddedMongo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The delivery rules against the real Mongo-wire store, without Kafka. */
class MailboxDelivererTest {

    private static final String RAW = "From: a@far.example\r\nSubject: hello\r\n\r\nHi Alice!\r\n";
    private static final Instant ACCEPTED = Instant.parse("2024-05-01T10:00:00Z");
    private static final String ALICE = "alice@example.test";

    private static MongoClient client;
    private MongoDatabase db;
    private BlobStore blobs;
    private MailboxStore mailboxes;
    private MessageStore messages;
    private Directory directory;
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
        db = StoreDatabase.open(client, "deliverer" + System.nanoTime());
        blobs = new BlobStore(db);
        mailboxes = new MailboxStore(db);
        messages = new MessageStore(db);
        directory = new Directory(db, Optional.empty());
        directory.addDomain("example.test");
        directory.addUser(ALICE, "secret-1");
        deliverer = newDeliverer();
        blobId = blobs.put(RAW.getBytes(StandardCharsets.UTF_8));
    }

    /** A second instance over its own connection objects, like a second delivery-service. */
    private MailboxDeliverer newDeliverer() {
        return new MailboxDeliverer(new BlobStore(db), new MailboxStore(db), new MessageStore(db), directory,
                Duration.ofDays(1));
    }

    private LocalDelivery delivery(String messageId, String owner) {
        return new LocalDelivery(1, messageId, blobId, RAW.length(), "a@far.example", owner, owner, ACCEPTED);
    }

    private Delivery deliver(String messageId, String account) {
        return deliverer.deliver(delivery(messageId, account), account, RAW.getBytes(StandardCharsets.UTF_8),
                ACCEPTED.plusSeconds(1));
    }

    @Test
    void storesTheMessageWithReturnPathAndDeliveredToInTheAccountsInbox() {
        Delivery d = deliver("m1", ALICE);

        assertThat(d.result()).isEqualTo(Result.STORED);
        assertThat(d.mailbox().name()).isEqualTo("INBOX");
        assertThat(d.mailbox().owner()).isEqualTo(ALICE);
        StoredMessage m = messages.find(d.mailbox().id(), d.uid()).orElseThrow();
        String stored = "Return-Path: <a@far.example>\r\nDelivered-To: alice@example.test\r\n" + RAW;
        assertThat(new String(blobs.get(m.blobId()).orElseThrow(), StandardCharsets.UTF_8)).isEqualTo(stored);
        assertThat(m.id()).isEqualTo("m1/alice@example.test");
        assertThat(m.header()).isEqualTo(stored.substring(0, stored.indexOf("\r\n\r\n") + 4));
        assertThat(m.size()).isEqualTo(stored.length());
        assertThat(m.internalDate()).isEqualTo(Date.from(ACCEPTED));
        assertThat(m.flags()).isEmpty();
        assertThat(m.blobId()).as("per-delivery blob, the received one stays shared").isNotEqualTo(blobId);
        assertThat(m.modSeq()).isEqualTo(d.modSeq());
    }

    @Test
    void theNullSenderBecomesAnEmptyReturnPath() {
        assertThat(new String(MailboxDeliverer.withTraceFields("", ALICE, new byte[0]), StandardCharsets.UTF_8))
                .isEqualTo("Return-Path: <>\r\nDelivered-To: alice@example.test\r\n");
        assertThat(new String(MailboxDeliverer.withTraceFields("x>\r\nBcc: y@z.test", ALICE, new byte[0]),
                StandardCharsets.UTF_8)).as("no header injection").startsWith("Return-Path: <xBcc: y@z.test>\r\n");
    }

    @Test
    void theFirstDeliveryCreatesTheSpecialUseFolders() {
        deliver("m1", ALICE);
        assertThat(mailboxes.list(ALICE)).extracting(Mailbox::name, Mailbox::specialUse).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("INBOX", null),
                org.assertj.core.groups.Tuple.tuple("Sent", "\\Sent"),
                org.assertj.core.groups.Tuple.tuple("Drafts", "\\Drafts"),
                org.assertj.core.groups.Tuple.tuple("Trash", "\\Trash"),
                org.assertj.core.groups.Tuple.tuple("Junk", "\\Junk"),
                org.assertj.core.groups.Tuple.tuple("Archive", "\\Archive"));
        assertThat(mailboxes.subscriptions(ALICE)).contains("INBOX", "Sent", "Trash");
        // A folder the user deleted stays deleted.
        mailboxes.delete(mailboxes.find(ALICE, "Junk").orElseThrow().id());
        deliver("m2", ALICE);
        assertThat(mailboxes.find(ALICE, "Junk")).isEmpty();
    }

    @Test
    void uidsIncreaseAndARepeatedDeliveryIsANoOp() {
        long first = deliver("m1", ALICE).uid();
        long second = deliver("m2", ALICE).uid();
        // A crash after storing m1 but before its offset was committed: Kafka hands it out again.
        Delivery again = deliver("m1", ALICE);
        long third = deliver("m3", ALICE).uid();

        assertThat(again.result()).isEqualTo(Result.DUPLICATE);
        assertThat(new long[] {first, second, third}).containsExactly(1, 2, 3);
        assertThat(messages.list(again.mailbox().id())).extracting(StoredMessage::messageId)
                .containsExactly("m1", "m2", "m3");
    }

    @Test
    void twoInstancesDeliveringToOneMailboxAtOnceGiveUniqueIncreasingUids() throws Exception {
        int perInstance = 60;
        List<MailboxDeliverer> instances = List.of(newDeliverer(), newDeliverer());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Callable<List<Delivery>>> work = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                MailboxDeliverer instance = instances.get(i);
                work.add(() -> {
                    List<Delivery> out = new ArrayList<>();
                    // Both instances see every record: a rebalance hands the same records to both.
                    for (int n = 0; n < perInstance; n++) {
                        out.add(instance.deliver(delivery("m" + n, ALICE), ALICE,
                                RAW.getBytes(StandardCharsets.UTF_8), ACCEPTED));
                    }
                    return out;
                });
            }
            List<Delivery> all = new ArrayList<>();
            for (Future<List<Delivery>> f : pool.invokeAll(work)) {
                List<Delivery> mine = f.get();
                List<Long> uids = mine.stream().filter(d -> d.result() == Result.STORED).map(Delivery::uid).toList();
                assertThat(uids).as("one instance's UIDs increase").isSorted().doesNotHaveDuplicates();
                all.addAll(mine);
            }
            assertThat(all.stream().filter(d -> d.result() == Result.STORED)).hasSize(perInstance);
        } finally {
            pool.shutdownNow();
        }
        List<StoredMessage> inbox = messages.list(mailboxes.find(ALICE, "INBOX").orElseThrow().id());
        assertThat(inbox).hasSize(perInstance);
        assertThat(inbox).extracting(StoredMessage::messageId).doesNotHaveDuplicates();
        List<Long> uids = inbox.stream().map(StoredMessage::uid).toList();
        assertThat(uids).doesNotHaveDuplicates().isSorted();
        List<Long> modSeqs = new ArrayList<>(inbox.stream().map(StoredMessage::modSeq).toList());
        assertThat(modSeqs).doesNotHaveDuplicates();
        Collections.sort(modSeqs);
        assertThat(mailboxes.find(ALICE, "INBOX").orElseThrow().highestModSeq()).isGreaterThanOrEqualTo(
                modSeqs.get(modSeqs.size() - 1));
    }

    @Test
    void overQuotaDefersWithinTheGraceTimeThenBounces() {
        directory.setQuota(ALICE, new Directory.Quota(0, 1));
        assertThat(deliver("m1", ALICE).result()).isEqualTo(Result.STORED);

        Delivery deferred = deliver("m2", ALICE);
        assertThat(deferred.result()).isEqualTo(Result.DEFERRED);
        assertThat(deferred.status()).isEqualTo("4.2.2");
        assertThat(deferred.reason()).contains("1 of 1 messages");

        Delivery bounced = deliverer.deliver(delivery("m2", ALICE), ALICE, RAW.getBytes(StandardCharsets.UTF_8),
                ACCEPTED.plus(Duration.ofDays(1)).plusSeconds(1));
        assertThat(bounced.result()).isEqualTo(Result.BOUNCED);
        assertThat(bounced.status()).isEqualTo("5.2.2");

        directory.setQuota(ALICE, new Directory.Quota(0, 2));
        assertThat(deliver("m2", ALICE).result()).as("room again").isEqualTo(Result.STORED);
    }

    @Test
    void theByteQuotaCountsTheStoredSizeWithTraceFields() {
        long stored = MailboxDeliverer.withTraceFields("a@far.example", ALICE, RAW.getBytes(StandardCharsets.UTF_8))
                .length;
        directory.setQuota(ALICE, new Directory.Quota(2 * stored, 0));
        assertThat(deliver("m1", ALICE).result()).isEqualTo(Result.STORED);
        assertThat(deliver("m2", ALICE).result()).isEqualTo(Result.STORED);
        Delivery third = deliver("m3", ALICE);
        assertThat(third.result()).isEqualTo(Result.DEFERRED);
        assertThat(third.reason()).contains("exceed " + 2 * stored);
        assertThat(messages.usage(ALICE)).isEqualTo(new MessageStore.Usage(2 * stored, 2));
    }

    @Test
    void twoInstancesRacingForTheLastRoomNeverOvershootTheQuota() throws Exception {
        directory.setQuota(ALICE, new Directory.Quota(0, 5));
        List<MailboxDeliverer> instances = List.of(newDeliverer(), newDeliverer());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Delivery>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 24; i++) {
                MailboxDeliverer instance = instances.get(i % 2);
                String id = "race" + i;
                results.add(pool.submit(() -> instance.deliver(delivery(id, ALICE), ALICE,
                        RAW.getBytes(StandardCharsets.UTF_8), ACCEPTED.plusSeconds(1))));
            }
            List<Result> outcomes = new ArrayList<>();
            for (Future<Delivery> r : results) {
                outcomes.add(r.get().result());
            }
            assertThat(outcomes).filteredOn(r -> r == Result.STORED).hasSize(5);
            assertThat(outcomes).filteredOn(r -> r == Result.DEFERRED).hasSize(19);
        } finally {
            pool.shutdownNow();
        }
        assertThat(messages.usage(ALICE).messages()).isEqualTo(5);
        assertThat(messages.countedUsage(ALICE)).isEqualTo(messages.usage(ALICE));
        // an expunge (mailbox-api's path) gives the room back
        Mailbox inbox = mailboxes.find(ALICE, Mailbox.INBOX).orElseThrow();
        messages.delete(inbox.id(), List.of(messages.list(inbox.id()).get(0).uid()), 99);
        assertThat(deliver("after-expunge", ALICE).result()).isEqualTo(Result.STORED);
        assertThat(deliver("one-too-many", ALICE).result()).isEqualTo(Result.DEFERRED);
    }
}
