package io.mailstream.mailbox.pop3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailstream.store.Mailbox;
import io.mailstream.store.StoreException;
import io.mailstream.store.StoredMessage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** What ReadAhead asks the store for, and what it holds, for the ways clients walk a maildrop. */
class ReadAheadTest {

    /** Blobs in memory; counts queries: {@code read} one message, {@code readAll} several. */
    static final class CountingStore extends MaildropService {
        final Map<String, byte[]> blobs = new HashMap<>();
        final List<Integer> batches = new ArrayList<>();
        int reads;
        int failNextBatches;

        CountingStore() {
            super(null, null, null, null, 0);
        }

        @Override
        public Optional<byte[]> read(String blobId) {
            reads++;
            return Optional.ofNullable(blobs.get(blobId));
        }

        @Override
        public synchronized Map<String, byte[]> readAll(Collection<String> blobIds) {
            if (failNextBatches > 0) {
                failNextBatches--;
                throw new StoreException("store down");
            }
            batches.add(blobIds.size());
            Map<String, byte[]> found = new HashMap<>();
            blobIds.forEach(id -> {
                if (blobs.containsKey(id)) {
                    found.put(id, blobs.get(id));
                }
            });
            return found;
        }
    }

    final CountingStore store = new CountingStore();

    /** A maildrop of {@code count} messages of {@code size} octets each, numbered from 1. */
    Maildrop drop(int count, int size) {
        List<StoredMessage> messages = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            byte[] raw = body(n, size);
            store.blobs.put("blob" + n, raw);
            messages.add(new StoredMessage("m" + n, "box", n, n, Set.of(), new Date(), raw.length, "blob" + n, "m" + n,
                    "user@pop3.test", "Subject: " + n + "\r\n\r\n"));
        }
        return new Maildrop(new Mailbox("box", "user@pop3.test", "INBOX", 7, count + 1, count, null), messages);
    }

    static byte[] body(int n, int size) {
        byte[] raw = new byte[size];
        byte[] label = ("Subject: " + n + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        java.util.Arrays.fill(raw, (byte) 'x');
        System.arraycopy(label, 0, raw, 0, Math.min(label.length, size));
        return raw;
    }

    @Test
    void retrievingInOrderQueriesOnceForSixteenMessages() {
        Maildrop drop = drop(100, 4096);
        ReadAhead ahead = new ReadAhead(store, 2 * 1024 * 1024);

        for (int n = 1; n <= 100; n++) {
            assertThat(ahead.octets(drop, n, false)).contains(store.blobs.get("blob" + n));
        }
        assertThat(store.reads).isZero();
        assertThat(store.batches).containsExactly(16, 16, 16, 16, 16, 16, 4);
        assertThat(ahead.heldBytes()).isZero();
    }

    @Test
    void everyMessageComesBackExactlyInOrder() {
        Maildrop drop = drop(40, 1000);
        ReadAhead ahead = new ReadAhead(store, 2 * 1024 * 1024);

        for (int n = 1; n <= 40; n++) {
            assertThat(ahead.octets(drop, n, false)).contains(store.blobs.get("blob" + n));
        }
    }

    @Test
    void theBudgetBoundsWhatIsHeldAndFetchedAtOnce() {
        Maildrop drop = drop(30, 4000);
        ReadAhead ahead = new ReadAhead(store, 10_000);

        for (int n = 1; n <= 30; n++) {
            assertThat(ahead.octets(drop, n, false)).contains(store.blobs.get("blob" + n));
            assertThat(ahead.heldBytes()).isLessThanOrEqualTo(10_000);
        }
        assertThat(store.batches).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(3));
    }

    @Test
    void aMessageLargerThanTheBudgetIsReadOnItsOwn() {
        Maildrop drop = drop(3, 50_000);
        ReadAhead ahead = new ReadAhead(store, 10_000);

        for (int n = 1; n <= 3; n++) {
            assertThat(ahead.octets(drop, n, false)).contains(store.blobs.get("blob" + n));
        }
        assertThat(store.reads).isEqualTo(3);
        assertThat(store.batches).isEmpty();
        assertThat(ahead.heldBytes()).isZero();
    }

    @Test
    void jumpingAroundReadsJustTheMessageAskedFor() {
        Maildrop drop = drop(60, 500);
        ReadAhead ahead = new ReadAhead(store, 2 * 1024 * 1024);

        assertThat(ahead.octets(drop, 40, false)).contains(store.blobs.get("blob40"));
        int batches = store.batches.size();
        assertThat(ahead.octets(drop, 7, false)).contains(store.blobs.get("blob7"));
        assertThat(ahead.octets(drop, 3, false)).contains(store.blobs.get("blob3"));

        assertThat(store.batches).hasSize(batches);
        assertThat(store.reads).isEqualTo(2);
        assertThat(ahead.heldNumbers()).allSatisfy(n -> assertThat(n).isGreaterThan(3));
    }

    @Test
    void skippedMessagesAreDroppedAndDeletedOnesForgotten() {
        Maildrop drop = drop(20, 500);
        ReadAhead ahead = new ReadAhead(store, 2 * 1024 * 1024);

        ahead.octets(drop, 1, false);
        assertThat(ahead.heldNumbers()).contains(2, 3, 4);
        drop.markDeleted(2);
        ahead.forget(2);
        assertThat(ahead.heldNumbers()).doesNotContain(1, 2).contains(3);
        ahead.octets(drop, 4, false);
        assertThat(ahead.heldNumbers()).doesNotContain(3, 4);

        ahead.clear();
        assertThat(ahead.heldNumbers()).isEmpty();
        assertThat(ahead.heldBytes()).isZero();
    }

    @Test
    void topKeepsTheMessageForTheRetrThatFollows() {
        Maildrop drop = drop(5, 500);
        ReadAhead ahead = new ReadAhead(store, 2 * 1024 * 1024);

        assertThat(ahead.octets(drop, 1, true)).contains(store.blobs.get("blob1"));
        assertThat(ahead.octets(drop, 1, false)).contains(store.blobs.get("blob1"));
        assertThat(ahead.octets(drop, 2, true)).contains(store.blobs.get("blob2"));

        assertThat(store.batches).hasSize(1);
        assertThat(store.reads).isZero();
        assertThat(ahead.heldNumbers()).contains(2);
    }

    @Test
    void aMissingBlobIsEmptyAndTheOthersAreStillServed() {
        Maildrop drop = drop(5, 500);
        store.blobs.remove("blob3");
        ReadAhead ahead = new ReadAhead(store, 2 * 1024 * 1024);

        assertThat(ahead.octets(drop, 1, false)).isPresent();
        assertThat(ahead.octets(drop, 2, false)).isPresent();
        assertThat(ahead.octets(drop, 3, false)).isEmpty();
        assertThat(ahead.octets(drop, 4, false)).contains(store.blobs.get("blob4"));
    }

    @Test
    void aStoreFailureIsAnErrorForTheMessageAskedForAndTheNextTryQueriesAgain() {
        Maildrop drop = drop(5, 500);
        ReadAhead ahead = new ReadAhead(store, 2 * 1024 * 1024);
        store.failNextBatches = 1;

        assertThatThrownBy(() -> ahead.octets(drop, 1, false)).isInstanceOf(StoreException.class);
        assertThat(ahead.octets(drop, 1, false)).contains(store.blobs.get("blob1"));
        assertThat(ahead.octets(drop, 2, false)).contains(store.blobs.get("blob2"));
        assertThat(store.batches).hasSize(1);
    }

    @Test
    void withoutABudgetEveryMessageIsReadOnItsOwn() {
        Maildrop drop = drop(10, 500);
        ReadAhead ahead = new ReadAhead(store, 0);

        for (int n = 1; n <= 10; n++) {
            assertThat(ahead.octets(drop, n, n % 2 == 0)).contains(store.blobs.get("blob" + n));
        }
        assertThat(store.reads).isEqualTo(10);
        assertThat(store.batches).isEmpty();
        assertThat(ahead.heldBytes()).isZero();
    }
}
