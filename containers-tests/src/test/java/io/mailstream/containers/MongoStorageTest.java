package io.mailstream.containers;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import io.mailstream.store.BlobStore;
import io.mailstream.store.Directory;
import io.mailstream.store.Mailbox;
import io.mailstream.store.MailboxStore;
import io.mailstream.store.MessageStore;
import io.mailstream.store.StoreDatabase;
import io.mailstream.store.StoredMessage;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * mail-store's repositories against real MongoDB (a single-node replica set, majority writes), where
 * the local stack's Mongo-wire store cannot vouch for them: unique indexes deciding races between
 * concurrent writers, and {@code findOneAndUpdate} with {@code $inc} handing out UIDs atomically.
 */
@Testcontainers(disabledWithoutDocker = true)
class MongoStorageTest {

    private static final int THREADS = 8;
    private static MongoClient client;
    private MongoDatabase db;

    @BeforeAll
    static void connect() {
        client = MongoClients.create(RealInfrastructure.mongoConnectionString());
    }

    @AfterAll
    static void disconnect() {
        if (client != null) {
            client.close();
        }
    }

    @BeforeEach
    void freshDatabase() {
        db = StoreDatabase.open(client, "t" + System.nanoTime());
    }

    @Test
    void blobsRoundTripAcrossChunksAndAreStoredOnceWhenWrittenConcurrently() throws Exception {
        BlobStore blobs = new BlobStore(db);
        byte[] raw = new byte[3 * 255 * 1024 + 17];
        new Random(7).nextBytes(raw);

        List<String> ids = race(() -> blobs.put(raw));

        assertThat(ids).containsOnly(BlobStore.sha256(raw));
        assertThat(blobs.get(ids.get(0))).hasValueSatisfying(b -> assertThat(b).isEqualTo(raw));
        assertThat(db.getCollection("blobs").countDocuments()).isEqualTo(1);
        assertThat(db.getCollection("blob_chunks").countDocuments()).isEqualTo(4);
        assertThat(blobs.get(BlobStore.sha256(new byte[] {1}))).isEmpty();
    }

    @Test
    void directoryKeepsOneUserPerAddressAndAuthenticatesAgainstTheHash() throws Exception {
        Directory dir = new Directory(db);
        assertThat(dir.addDomain("example.test")).isEqualTo(Directory.Result.CREATED);

        List<Directory.Result> results = race(() -> dir.addUser("Alice@Example.test", "s3cret"));

        assertThat(results).containsOnlyOnce(Directory.Result.CREATED)
                .filteredOn(r -> r != Directory.Result.CREATED).containsOnly(Directory.Result.EXISTS);
        assertThat(dir.listUsers("example.test")).extracting(Directory.User::address)
                .containsExactly("alice@example.test");
        assertThat(db.getCollection("users").find().first().getString("passwordHash"))
                .startsWith("$2").doesNotContain("s3cret");
        assertThat(dir.authenticate("ALICE@example.test", "s3cret")).contains("alice@example.test");
        assertThat(dir.authenticate("alice@example.test", "wrong")).isEmpty();

        assertThat(dir.addAlias("team@example.test", List.of("alice@example.test", "bob@remote.test")))
                .isEqualTo(Directory.Result.CREATED);
        assertThat(dir.resolve("team@example.test")).containsExactlyInAnyOrder("alice@example.test", "bob@remote.test");
        assertThat(dir.removeDomain("example.test")).isEqualTo(Directory.Result.DOMAIN_NOT_EMPTY);
    }

    @Test
    void racingDeliveriesProvisionOneInboxPerOwner() throws Exception {
        MailboxStore boxes = new MailboxStore(db);

        List<String> inboxIds = race(() -> boxes.provision("alice@example.test").id());

        assertThat(Set.copyOf(inboxIds)).hasSize(1);
        assertThat(boxes.list("alice@example.test")).extracting(Mailbox::name)
                .containsOnlyOnce(Mailbox.INBOX)
                .containsAll(MailboxStore.DEFAULT_SPECIAL_USE.keySet());
    }

    @Test
    void concurrentUidAllocationHandsOutEveryUidExactlyOnce() throws Exception {
        MailboxStore boxes = new MailboxStore(db);
        Mailbox inbox = boxes.ensure("alice@example.test", Mailbox.INBOX, null);
        Set<Long> uids = ConcurrentHashMap.newKeySet();
        Set<Long> modSeqs = ConcurrentHashMap.newKeySet();
        int perThread = 50;

        race(() -> {
            for (int i = 0; i < perThread; i++) {
                MailboxStore.Allocation a = boxes.allocateUid(inbox.id());
                assertThat(uids.add(a.uid())).as("uid %d handed out twice", a.uid()).isTrue();
                assertThat(modSeqs.add(a.modSeq())).as("modseq %d handed out twice", a.modSeq()).isTrue();
            }
            return null;
        });

        int total = THREADS * perThread;
        assertThat(uids).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
        Mailbox after = boxes.byId(inbox.id()).orElseThrow();
        assertThat(after.uidNext()).isEqualTo(total + 1);
        assertThat(after.highestModSeq()).isEqualTo(total + 1);
    }

    @Test
    void aRedeliveredMessageIsStoredOnceEvenWhenDeliveriesRace() throws Exception {
        MessageStore messages = new MessageStore(db);
        MailboxStore boxes = new MailboxStore(db);
        Mailbox inbox = boxes.ensure("alice@example.test", Mailbox.INBOX, null);
        String deliveryId = "q-1/alice@example.test";

        // As delivery-service does it: a UID first, then the insert the unique _id decides.
        List<Boolean> inserted = race(() -> {
            MailboxStore.Allocation a = boxes.allocateUid(inbox.id());
            return messages.insert(new StoredMessage(deliveryId, inbox.id(), a.uid(), a.modSeq(), Set.of(), new Date(),
                    42, "blob", "q-1", "alice@example.test", "Subject: once\r\n\r\n"));
        });

        assertThat(inserted).containsOnlyOnce(true);
        assertThat(messages.list(inbox.id())).singleElement().satisfies(m -> {
            assertThat(m.id()).isEqualTo(deliveryId);
            assertThat(m.header()).isEqualTo("Subject: once\r\n\r\n");
        });
        assertThat(messages.usage("alice@example.test")).isEqualTo(new MessageStore.Usage(42, 1));

        long uid = messages.list(inbox.id()).get(0).uid();
        messages.setFlags(inbox.id(), uid, Set.of("\\Seen"), boxes.nextModSeq(inbox.id()));
        assertThat(messages.find(inbox.id(), uid).orElseThrow().flags()).containsExactly("\\Seen");
        long expungeModSeq = boxes.nextModSeq(inbox.id());
        assertThat(messages.delete(inbox.id(), List.of(uid), expungeModSeq)).isEqualTo(1);
        assertThat(messages.list(inbox.id())).isEmpty();
        assertThat(messages.expungedSince(inbox.id(), 0)).containsExactly(new MessageStore.Expunged(uid, expungeModSeq));
    }

    /** Runs {@code task} on {@link #THREADS} threads released at the same moment; their results in order. */
    private static <T> List<T> race(Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
