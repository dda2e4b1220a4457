package io.mailstream.mailbox.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;

import io.mailstream.mailbox.TestDatabases;
import io.mailstream.store.Mailbox;
import io.mailstream.store.MailboxStore;
import io.mailstream.store.MessageStore;
import io.mailstream.store.StoredMessage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link MailboxSnapshots} against the real store: every opening returns exactly what a full read
 * returns at that moment, while reading only what changed; writes that land out of MODSEQ order
 * are not missed; the bounds hold. A counting {@link MessageStore} shows the reads.
 */
class MailboxSnapshotsTest {

    private static final String OWNER = "alice@snapshots.test";

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private MailboxStore mailboxes;
    private CountingMessageStore messages;
    private Mailbox inbox;

    @BeforeEach
    void setUp() {
        MongoDatabase db = TestDatabases.fresh("snapshots");
        mailboxes = new MailboxStore(db);
        messages = new CountingMessageStore(db);
        inbox = mailboxes.ensure(OWNER, Mailbox.INBOX, null);
    }

    @Test
    void aSecondOpeningReadsOnlyWhatChanged() {
        MailboxSnapshots snapshots = snapshots(10_000);
        for (int i = 0; i < 100; i++) {
            deliver(inbox);
        }
        assertThat(open(snapshots, inbox)).hasSize(100);
        assertThat(messages.fullReads).isEqualTo(1);

        messages.reset();
        assertThat(open(snapshots, inbox)).hasSize(100);
        assertThat(messages.queries).as("no change: not even a query").isZero();

        deliver(inbox);
        StoredMessage third = messages.list(inbox.id()).get(2);
        setFlags(third, Set.of("\\Seen"));
        List<StoredMessage> all = messages.list(inbox.id());
        expunge(inbox, List.of(all.get(0).uid(), all.get(50).uid()));
        messages.reset();
        List<StoredMessage> seen = open(snapshots, inbox);
        assertThat(messages.fullReads).isZero();
        assertThat(messages.versionsRead).as("versions of the new message and the flagged one").isEqualTo(2);
        assertThat(messages.recordsRead).as("the new message, the flagged one, two expunges").isEqualTo(4);
        assertThat(seen).isEqualTo(messages.list(inbox.id()));
        assertThat(seen).hasSize(99);
        assertThat(seen.get(1).flags()).containsExactly("\\Seen");
    }

    @Test
    void underSteadyFlagChangesOnlyTheChangedRecordsAreReadAgain() {
        MailboxSnapshots snapshots = snapshots(10_000);
        for (int i = 0; i < 100; i++) {
            deliver(inbox);
        }
        open(snapshots, inbox);
        List<StoredMessage> all = messages.list(inbox.id());
        setFlags(setFlags(all.get(10), Set.of("\\Seen")), Set.of("\\Flagged")); // one MODSEQ overwritten: the frontier waits
        open(snapshots, inbox);
        for (int i = 20; i < 30; i++) {
            setFlags(all.get(i), Set.of("\\Seen"));
            messages.reset();
            open(snapshots, inbox);
            assertThat(messages.recordsRead).as("only the record just changed").isEqualTo(1);
            assertThat(messages.versionsRead).as("the versions above the lagging frontier").isEqualTo(i - 18);
        }
    }

    @Test
    void aSessionsRefreshIsAnsweredFromTheSnapshotAsTheStoreWould() {
        MailboxSnapshots snapshots = snapshots(10_000);
        assertThat(snapshots.changesSince(current(inbox), Long.MAX_VALUE, 0)).as("no snapshot: ask the store").isEmpty();
        for (int i = 0; i < 20; i++) {
            deliver(inbox);
        }
        open(snapshots, inbox);
        long opened = current(inbox).highestModSeq();
        List<StoredMessage> all = messages.list(inbox.id());
        setFlags(all.get(3), Set.of("\\Seen"));
        expunge(inbox, List.of(all.get(5).uid(), all.get(6).uid()));
        deliver(inbox);
        Mailbox now = current(inbox);
        messages.reset();
        MailboxSnapshots.Changes changes = snapshots.changesSince(now, Long.MAX_VALUE, opened).orElseThrow();
        assertThat(changes.changed()).isEqualTo(messages.changedSince(inbox.id(), opened)).hasSize(2);
        assertThat(changes.expunged()).isEqualTo(messages.expungedSince(inbox.id(), opened)).hasSize(2);
        messages.reset();
        assertThat(snapshots.changesSince(now, Long.MAX_VALUE, opened - 5).orElseThrow().expunged())
                .as("the expunge log starts where the snapshot did").isNull();
        assertThat(messages.queries).as("answered from memory").isZero();
    }

    @Test
    void countersReadBeforeTheLastReadBeganAreAnsweredWithoutReadingAgain() {
        MailboxSnapshots snapshots = snapshots(10_000);
        for (int i = 0; i < 10; i++) {
            deliver(inbox);
        }
        open(snapshots, inbox);
        StoredMessage first = messages.list(inbox.id()).get(0);
        setFlags(setFlags(first, Set.of("\\Seen")), Set.of("\\Flagged")); // the frontier now lags
        Mailbox counters = current(inbox);
        long before = snapshots.ticket();
        messages.reset();
        assertThat(snapshots.messages(counters, before).get(0).flags()).containsExactly("\\Flagged");
        assertThat(messages.queries).isEqualTo(3);

        messages.reset();
        assertThat(snapshots.messages(counters, before).get(0).flags()).containsExactly("\\Flagged");
        assertThat(snapshots.changesSince(counters, before, 0).orElseThrow().changed()).hasSize(10);
        assertThat(messages.queries).as("the last read began after these counters were read").isZero();

        long after = snapshots.ticket();
        open(snapshots, inbox);
        assertThat(messages.queries).as("counters read later: read again while the frontier lags").isEqualTo(2);
        assertThat(after).isGreaterThan(before);
    }

    @Test
    void aWriteThatLandsAfterALaterOneIsNotMissed() {
        MailboxSnapshots snapshots = snapshots(10_000);
        for (int i = 0; i < 10; i++) {
            deliver(inbox);
        }
        open(snapshots, inbox);
        MailboxStore.Allocation early = mailboxes.allocateUid(inbox.id());
        deliver(inbox);
        assertThat(open(snapshots, inbox)).extracting(StoredMessage::uid).doesNotContain(early.uid()).hasSize(11);
        insert(inbox, early);
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(open(snapshots, inbox)).isEqualTo(messages.list(inbox.id())).hasSize(12);
    }

    @Test
    void aFlagChangeOverwrittenBeforeAnyOpeningIsGivenUpAfterTheGrace() {
        MailboxSnapshots snapshots = snapshots(10_000);
        for (int i = 0; i < 10; i++) {
            deliver(inbox);
        }
        open(snapshots, inbox);
        StoredMessage first = messages.list(inbox.id()).get(0);
        setFlags(setFlags(first, Set.of("\\Seen")), Set.of("\\Seen", "\\Flagged"));
        assertThat(open(snapshots, inbox).get(0).flags()).containsExactlyInAnyOrder("\\Seen", "\\Flagged");
        messages.reset();
        open(snapshots, inbox);
        assertThat(messages.queries).as("the overwritten MODSEQ may still be landing: read again").isEqualTo(2);

        nanos.addAndGet(ChangeFrontier.GRACE.toNanos() + 1);
        open(snapshots, inbox);
        open(snapshots, inbox);
        messages.reset();
        open(snapshots, inbox);
        assertThat(messages.queries).as("given up after the grace: nothing left to read").isZero();
    }

    @Test
    void randomChangesByOtherWritersAlwaysMatchAFullRead() {
        MailboxSnapshots snapshots = snapshots(10_000);
        Random random = new Random(42);
        for (int round = 0; round < 300; round++) {
            List<StoredMessage> now = messages.list(inbox.id());
            int op = random.nextInt(10);
            if (op < 4 || now.isEmpty()) {
                deliver(inbox);
            } else if (op < 8) {
                StoredMessage m = now.get(random.nextInt(now.size()));
                setFlags(m, random.nextBoolean() ? Set.of("\\Seen") : Set.of("\\Answered", "$Label"));
            } else {
                expunge(inbox, List.of(now.get(random.nextInt(now.size())).uid()));
            }
            if (random.nextInt(3) == 0) {
                nanos.addAndGet(TimeUnit.SECONDS.toNanos(random.nextInt(4)));
                assertThat(open(snapshots, inbox)).as("round %d", round).isEqualTo(messages.list(inbox.id()));
            }
            Mailbox counters = current(inbox);
            long since = Math.max(0, counters.highestModSeq() - random.nextInt(40));
            MailboxSnapshots.Changes changes = snapshots.changesSince(counters, Long.MAX_VALUE, since).orElse(null);
            if (changes != null) {
                assertThat(changes.changed()).as("round %d", round).isEqualTo(messages.changedSince(inbox.id(), since));
                if (changes.expunged() != null) {
                    assertThat(changes.expunged()).as("round %d", round)
                            .containsExactlyInAnyOrderElementsOf(messages.expungedSince(inbox.id(), since));
                }
            }
        }
    }

    @Test
    void theLeastRecentlyOpenedMailboxGoesFirstAndAnOversizedOneIsNeverKept() {
        MailboxSnapshots snapshots = snapshots(25);
        Mailbox archive = mailboxes.ensure(OWNER, "Archive", null);
        Mailbox huge = mailboxes.ensure(OWNER, "Huge", null);
        for (int i = 0; i < 15; i++) {
            deliver(inbox);
            deliver(archive);
        }
        for (int i = 0; i < 30; i++) {
            deliver(huge);
        }
        open(snapshots, inbox);
        assertThat(snapshots.held()).isEqualTo(15);
        open(snapshots, archive);
        assertThat(snapshots.held()).as("inbox evicted to make room").isEqualTo(15);
        messages.reset();
        open(snapshots, archive);
        assertThat(messages.fullReads).isZero();
        open(snapshots, inbox);
        assertThat(messages.fullReads).isEqualTo(1);

        messages.reset();
        assertThat(open(snapshots, huge)).hasSize(30);
        assertThat(open(snapshots, huge)).hasSize(30);
        assertThat(messages.fullReads).as("larger than the bound: read in full each time").isEqualTo(2);
        assertThat(snapshots.held()).isLessThanOrEqualTo(25);
    }

    @Test
    void anIdleSnapshotIsDropped() {
        MailboxSnapshots snapshots = snapshots(10_000);
        Mailbox archive = mailboxes.ensure(OWNER, "Archive", null);
        deliver(inbox);
        deliver(archive);
        open(snapshots, inbox);
        nanos.addAndGet(Duration.ofMinutes(11).toNanos());
        open(snapshots, archive);
        assertThat(snapshots.held()).isEqualTo(1);
        messages.reset();
        open(snapshots, inbox);
        assertThat(messages.fullReads).isEqualTo(1);
    }

    @Test
    void turnedOffEveryOpeningReadsInFull() {
        MailboxSnapshots snapshots = snapshots(0);
        deliver(inbox);
        open(snapshots, inbox);
        open(snapshots, inbox);
        assertThat(messages.fullReads).isEqualTo(2);
        assertThat(snapshots.held()).isZero();
    }

    private MailboxSnapshots snapshots(int max) {
        return new MailboxSnapshots(messages, max, Duration.ofMinutes(10), nanos::get);
    }

    /** Opens as a session does: the counters first, then the records. */
    private List<StoredMessage> open(MailboxSnapshots snapshots, Mailbox mailbox) {
        Mailbox counters = current(mailbox);
        return snapshots.messages(counters, snapshots.ticket());
    }

    private Mailbox current(Mailbox mailbox) {
        return mailboxes.byId(mailbox.id()).orElseThrow();
    }

    private void deliver(Mailbox mailbox) {
        insert(mailbox, mailboxes.allocateUid(mailbox.id()));
    }

    private void insert(Mailbox mailbox, MailboxStore.Allocation a) {
        String raw = "Subject: m" + a.uid() + "\r\n\r\nbody\r\n";
        messages.insert(new StoredMessage("m" + a.uid() + mailbox.name() + "/" + OWNER, mailbox.id(), a.uid(),
                a.modSeq(), Set.of(), new Date(0), raw.length(), "blob" + a.uid(), "m" + a.uid(), OWNER, raw));
    }

    private StoredMessage setFlags(StoredMessage m, Set<String> flags) {
        long modSeq = mailboxes.nextModSeq(m.mailboxId());
        messages.setFlags(m.mailboxId(), m.uid(), flags, modSeq);
        return m.withFlags(flags, modSeq);
    }

    private void expunge(Mailbox mailbox, List<Long> uids) {
        messages.delete(mailbox.id(), new ArrayList<>(uids), mailboxes.nextModSeq(mailbox.id()));
    }
}
