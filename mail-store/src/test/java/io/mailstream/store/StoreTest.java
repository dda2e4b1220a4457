package io.mailstream.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import de.bwaldvogel.mongo.MongoServer;

import io.mailstream.mongowire.IndexedBackends;
import io.mailstream.mongowire.SerializedBackend;

import java.net.InetSocketAddress;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The repositories against the Mongo-wire store over real TCP. */
class StoreTest {

    static MongoServer server;
    static MongoClient client;
    MongoDatabase db;

    @BeforeAll
    static void start() {
        server = new MongoServer(new SerializedBackend(IndexedBackends.memory()));
        InetSocketAddress addr = server.bind();
        client = MongoClients.create("mongodb://127.0.0.1:" + addr.getPort());
    }

    @AfterAll
    static void stop() {
        client.close();
        server.shutdownNow();
    }

    @BeforeEach
    void freshDatabase() {
        db = StoreDatabase.open(client, "t" + System.nanoTime());
    }

    @Test
    void blobRoundTripsLargeMessagesAcrossChunks() {
        BlobStore blobs = new BlobStore(db);
        byte[] raw = new byte[BlobStore.CHUNK_SIZE * 3 + 17];
        new Random(1).nextBytes(raw);
        String id = blobs.put(raw);
        assertThat(id).isEqualTo(BlobStore.sha256(raw));
        assertThat(blobs.get(id)).hasValueSatisfying(b -> assertThat(b).isEqualTo(raw));
        assertThat(blobs.put(raw)).isEqualTo(id);
        assertThat(db.getCollection("blob_chunks").countDocuments()).isEqualTo(4);
    }

    @Test
    void emptyBlobAndMissingBlob() {
        BlobStore blobs = new BlobStore(db);
        String id = blobs.put(new byte[0]);
        assertThat(blobs.get(id)).hasValueSatisfying(b -> assertThat(b).isEmpty());
        assertThat(blobs.get("00")).isEmpty();
    }

    @Test
    void directoryStoresOnlyHashesAndAuthenticatesCaseInsensitively() {
        Directory dir = new Directory(db);
        assertThat(dir.addUser("alice@example.test", "pw")).isEqualTo(Directory.Result.DOMAIN_UNKNOWN);
        assertThat(dir.addDomain("Example.TEST")).isEqualTo(Directory.Result.CREATED);
        assertThat(dir.addDomain("example.test")).isEqualTo(Directory.Result.EXISTS);
        assertThat(dir.addUser("Alice@example.test", "s3cret")).isEqualTo(Directory.Result.CREATED);
        assertThat(dir.addUser("alice@EXAMPLE.test", "other")).isEqualTo(Directory.Result.EXISTS);
        String stored = db.getCollection("users").find().first().getString("passwordHash");
        assertThat(stored).startsWith("$2").doesNotContain("s3cret");
        assertThat(dir.authenticate("ALICE@example.test", "s3cret")).contains("alice@example.test");
        assertThat(dir.authenticate("alice@example.test", "wrong")).isEmpty();
        assertThat(dir.authenticate("nobody@example.test", "s3cret")).isEmpty();
        assertThat(dir.setPassword("alice@example.test", "new")).isEqualTo(Directory.Result.UPDATED);
        assertThat(dir.authenticate("alice@example.test", "s3cret")).isEmpty();
        assertThat(dir.authenticate("alice@example.test", "new")).isPresent();
        assertThat(dir.setDisabled("alice@example.test", true)).isEqualTo(Directory.Result.UPDATED);
        assertThat(dir.authenticate("alice@example.test", "new")).isEmpty();
        assertThat(dir.removeDomain("example.test")).isEqualTo(Directory.Result.DOMAIN_NOT_EMPTY);
        assertThat(dir.removeUser("alice@example.test")).isEqualTo(Directory.Result.DELETED);
        assertThat(dir.removeDomain("example.test")).isEqualTo(Directory.Result.DELETED);
        assertThat(dir.listDomains()).isEmpty();
    }

    @Test
    void concurrentAllocationsGiveDistinctIncreasingUids() throws Exception {
        MailboxStore boxes = new MailboxStore(db);
        Mailbox inbox = boxes.ensure("alice@example.test", Mailbox.INBOX, null);
        assertThat(boxes.ensure("alice@example.test", Mailbox.INBOX, null).id()).isEqualTo(inbox.id());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        Set<Long> uids = ConcurrentHashMap.newKeySet();
        List<Future<?>> fs = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            fs.add(pool.submit(() -> uids.add(boxes.allocateUid(inbox.id()).uid())));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
        assertThat(uids).hasSize(200).containsAll(java.util.stream.LongStream.rangeClosed(1, 200).boxed().toList());
        assertThat(boxes.byId(inbox.id()).orElseThrow().uidNext()).isEqualTo(201);
    }

    @Test
    void duplicateDeliveryIsANoOp() {
        MessageStore messages = new MessageStore(db);
        StoredMessage m = new StoredMessage("q1/alice@example.test", "mb", 1, 2, Set.of(), new Date(), 10, "b", "q1",
                "alice@example.test", "Subject: x\r\n\r\n");
        assertThat(messages.insert(m)).isTrue();
        assertThat(messages.insert(new StoredMessage(m.id(), "mb", 2, 3, Set.of(), new Date(), 10, "b", "q1",
                "alice@example.test", ""))).isFalse();
        assertThat(messages.list("mb")).extracting(StoredMessage::uid).containsExactly(1L);
        messages.setFlags("mb", 1, new HashSet<>(List.of("\\Seen")), 4);
        assertThat(messages.find("mb", 1).orElseThrow().flags()).containsExactly("\\Seen");
        assertThat(messages.delete("mb", List.of(1L))).isEqualTo(1);
        assertThat(messages.list("mb")).isEmpty();
    }

    @Test
    void changesSinceAModSeqFlaggedMessagesCountsAndExpungeHistory() {
        MessageStore messages = new MessageStore(db);
        for (long uid = 1; uid <= 4; uid++) {
            messages.insert(new StoredMessage("c" + uid + "/bob@example.test", "box", uid, uid + 1, Set.of(),
                    new Date(), 100 * uid, "b" + uid, "c" + uid, "bob@example.test", "Subject: x\r\n\r\n"));
        }
        messages.insert(new StoredMessage("other/bob@example.test", "elsewhere", 9, 50, Set.of("\\Deleted"),
                new Date(), 1, "b", "other", "bob@example.test", ""));
        messages.setFlags("box", 1, Set.of("\\Seen", "\\Deleted"), 6);
        messages.setFlags("box", 3, Set.of("\\Seen"), 7);

        assertThat(messages.changedSince("box", 4)).extracting(StoredMessage::uid).containsExactly(1L, 3L, 4L);
        assertThat(messages.changedSince("box", 5)).extracting(StoredMessage::uid).containsExactly(1L, 3L);
        assertThat(messages.changedSince("box", 7)).isEmpty();
        assertThat(messages.withFlag("box", "\\Deleted")).extracting(StoredMessage::uid).containsExactly(1L);
        assertThat(messages.counts("box", "\\Seen", "\\Deleted"))
                .isEqualTo(new MessageStore.Counts(4, 2, 1, 1000));

        messages.delete("box", List.of(1L, 4L), 8);
        assertThat(messages.expungedSince("box", 7)).containsExactly(new MessageStore.Expunged(1, 8),
                new MessageStore.Expunged(4, 8));
        assertThat(messages.expungedAbove("box", 2)).containsExactly(new MessageStore.Expunged(4, 8));
        assertThat(messages.counts("box", "\\Seen", "\\Deleted")).isEqualTo(new MessageStore.Counts(2, 1, 0, 500));
    }

    @Test
    void recentUidsAreClaimedOnceAndOnlyUpwards() {
        MailboxStore boxes = new MailboxStore(db);
        Mailbox inbox = boxes.ensure("u@example.test", Mailbox.INBOX, null);
        assertThat(inbox.recentUid()).isZero();
        assertThat(boxes.claimRecent(inbox.id(), 3)).isZero(); // UIDs 1..3 are this caller's
        assertThat(boxes.claimRecent(inbox.id(), 3)).isEqualTo(3); // nothing left for a second caller
        assertThat(boxes.claimRecent(inbox.id(), 2)).isEqualTo(3); // never moves down
        assertThat(boxes.byId(inbox.id()).orElseThrow().recentUid()).isEqualTo(3);
        assertThat(boxes.claimRecent(inbox.id(), 5)).isEqualTo(3);
        assertThatThrownBy(() -> boxes.claimRecent("missing", 1)).isInstanceOf(StoreException.class);
    }

    @Test
    void leasesAreCountedAcrossInstancesRenewedAndExpire() {
        java.time.Duration ttl = java.time.Duration.ofMinutes(2);
        Leases a = new Leases(db, "leases", "instance-a", ttl);
        Leases b = new Leases(db, "leases", "instance-b", ttl);
        a.ensureIndexes();
        java.time.Instant t0 = java.time.Instant.parse("2026-01-01T00:00:00Z");
        Leases.Lease first = a.tryAcquire("u@example.test", 2, t0).orElseThrow();
        Leases.Lease second = b.tryAcquire("u@example.test", 2, t0).orElseThrow();
        assertThat(first.id()).isNotEqualTo(second.id());
        assertThat(a.tryAcquire("u@example.test", 2, t0)).isEmpty();
        assertThat(b.tryAcquire("other@example.test", 2, t0)).isPresent();

        b.release(second);
        assertThat(a.held("u@example.test", t0)).isEqualTo(1);
        Leases.Lease again = b.tryAcquire("u@example.test", 2, t0).orElseThrow();

        // Instance a keeps renewing; instance b died: after the TTL only a's slot is still held.
        java.time.Instant t1 = t0.plus(ttl).minusSeconds(10);
        assertThat(a.renew(t1)).isEqualTo(1);
        java.time.Instant t2 = t0.plus(ttl).plusSeconds(1);
        assertThat(a.held("u@example.test", t2)).isEqualTo(1);
        Leases.Lease taken = a.tryAcquire("u@example.test", 2, t2).orElseThrow();
        assertThat(taken.id()).isEqualTo(again.id());
        b.release(again); // too late: the slot is a's now, and stays so
        assertThat(a.held("u@example.test", t2)).isEqualTo(2);
        a.release(first);
        a.release(taken);
        assertThat(a.held("u@example.test", t2)).isZero();
    }
}
