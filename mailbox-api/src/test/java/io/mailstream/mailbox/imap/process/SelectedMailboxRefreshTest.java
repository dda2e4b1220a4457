package io.mailstream.mailbox.imap.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;

import io.mailstream.mailbox.TestDatabases;
import io.mailstream.mailbox.access.ChangeFrontier;
import io.mailstream.mailbox.access.CountingMessageStore;
import io.mailstream.mailbox.access.MailboxAccess;
import io.mailstream.net.Connection;
import io.mailstream.store.BlobStore;
import io.mailstream.store.Mailbox;
import io.mailstream.store.MailboxStore;
import io.mailstream.store.MessageStore;
import io.mailstream.store.StoredMessage;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SelectedMailbox#refresh} against the real store: what another writer did is reported, and
 * only what changed is read. A counting {@link MessageStore} shows which reads a refresh makes; a
 * hand-driven clock stands in for time where numbers handed out but never written are given up.
 */
class SelectedMailboxRefreshTest {

    private static final String OWNER = "alice@refresh.test";

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private MailboxStore mailboxes;
    private CountingMessageStore messages;
    private MailboxAccess access;
    private Mailbox inbox;
    private RecordingConnection out;
    private ImapContext ctx;

    @BeforeEach
    void setUp() {
        MongoDatabase db = TestDatabases.fresh("refresh");
        mailboxes = new MailboxStore(db);
        messages = new CountingMessageStore(db);
        access = new MailboxAccess(mailboxes, messages, new BlobStore(db));
        inbox = mailboxes.ensure(OWNER, Mailbox.INBOX, null);
        out = new RecordingConnection();
        ctx = new ImapContext(access, null, out, SessionPolicy.defaults(), IdleHook.NONE,
                new AccountLimits(a -> Optional.empty(), 5));
    }

    @Test
    void anotherWritersChangesAreReportedFromAnIncrementalRead() {
        for (int i = 0; i < 200; i++) {
            deliver();
        }
        SelectedMailbox view = open();
        assertThat(view.exists()).isEqualTo(200);
        view.refresh(access, ctx, true); // right after SELECT: nothing to report, nothing to read
        assertThat(out.take()).isEmpty();
        messages.reset();

        access.setFlags(message(7), Set.of(Flags.SEEN));
        view.refresh(access, ctx, true);
        assertThat(out.take()).isEqualTo("* 7 FETCH (UID 7 FLAGS (\\Seen \\Recent))\r\n");
        assertThat(messages.fullReads).isZero();
        assertThat(messages.recordsRead).isEqualTo(1);

        // The instance's snapshot read the change (its version, the record, the expunges since) for the view.
        assertThat(messages.queries).isEqualTo(3);
        view.refresh(access, ctx, true); // nothing changed: only the mailbox's counters are read
        assertThat(out.take()).isEmpty();
        assertThat(messages.queries).isEqualTo(3);

        deliver();
        access.expunge(inbox, List.of(3L));
        ctx.enable("CONDSTORE");
        access.setFlags(message(9), Set.of("$Junk"));
        view.refresh(access, ctx, false); // an expunge may not be announced now: everything waits
        assertThat(out.take()).isEmpty();
        assertThat(view.exists()).isEqualTo(200);

        view.refresh(access, ctx, true);
        assertThat(out.take()).isEqualTo("* 3 EXPUNGE\r\n"
                + "* 8 FETCH (UID 9 FLAGS (\\Recent $Junk) MODSEQ (" + message(9).modSeq() + "))\r\n"
                + "* 200 EXISTS\r\n* 200 RECENT\r\n");
        assertThat(view.get(200).uid()).isEqualTo(201);
        assertThat(messages.fullReads).isZero();
        assertThat(messages.recordsRead).isLessThanOrEqualTo(2 * (1 + 2 + 1));

        long queries = messages.queries;
        view.refresh(access, ctx, true); // complete again: no read
        assertThat(messages.queries).isEqualTo(queries);
    }

    @Test
    void ownChangeRightAfterTheCompletePointKeepsTheViewComplete() {
        deliver();
        deliver();
        SelectedMailbox view = open();
        view.refresh(access, ctx, true);
        messages.reset();
        view.replace(2, access.setFlags(view.get(2), Set.of(Flags.SEEN)));
        view.refresh(access, ctx, true);
        assertThat(out.take()).isEmpty();
        assertThat(messages.queries).isZero();
    }

    @Test
    void aUidHandedOutButNotYetWrittenHoldsBackLaterArrivalsUntilItLands() {
        deliver();
        SelectedMailbox view = open();
        MailboxStore.Allocation pending = mailboxes.allocateUid(inbox.id()); // UID 2: taken, not written yet
        deliver(); // UID 3 lands first
        view.refresh(access, ctx, true);
        assertThat(out.take()).as("UID 3 before UID 2 would shut UID 2 out of this session").isEmpty();

        insert(pending);
        view.refresh(access, ctx, true);
        assertThat(out.take()).isEqualTo("* 3 EXISTS\r\n* 3 RECENT\r\n");
        assertThat(view.messages()).extracting(StoredMessage::uid).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aUidStillLandingAtSelectHoldsBackTheLaterOnesUntilItLands() {
        deliver();
        MailboxStore.Allocation pending = mailboxes.allocateUid(inbox.id()); // UID 2: taken, not written yet
        deliver(); // UID 3 lands first
        SelectedMailbox view = open();
        assertThat(view.messages()).extracting(StoredMessage::uid).as("UID 3 shown first would shut UID 2 out")
                .containsExactly(1L);
        view.refresh(access, ctx, true);
        assertThat(out.take()).isEmpty();

        insert(pending);
        view.refresh(access, ctx, true);
        assertThat(out.take()).isEqualTo("* 3 EXISTS\r\n* 3 RECENT\r\n");
        assertThat(view.messages()).extracting(StoredMessage::uid).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aUidNeverWrittenHoldsBackTheLaterOnesOnlyUntilItIsGivenUp() {
        deliver();
        mailboxes.allocateUid(inbox.id()); // UID 2: a delivery that failed after taking it
        deliver();
        SelectedMailbox view = open();
        assertThat(view.messages()).extracting(StoredMessage::uid).containsExactly(1L);
        nanos.addAndGet(ChangeFrontier.GRACE.toNanos());
        view.refresh(access, ctx, true);
        view.refresh(access, ctx, true);
        assertThat(out.take()).contains("* 2 EXISTS\r\n");
        assertThat(view.messages()).extracting(StoredMessage::uid).containsExactly(1L, 3L);
    }

    @Test
    void oldGapsInTheUidsHoldNothingBack() {
        deliver();
        mailboxes.allocateUid(inbox.id()); // UID 2 never written, long ago
        deliver();
        for (int i = 0; i < SelectedMailbox.OPEN_WINDOW + 1; i++) {
            mailboxes.nextModSeq(inbox.id()); // later changes
        }
        assertThat(open().messages()).extracting(StoredMessage::uid).containsExactly(1L, 3L);
    }

    @Test
    void aModSeqHandedOutButNotYetWrittenIsReadAgainUntilItLands() {
        deliver();
        deliver();
        SelectedMailbox view = open();
        long pending = mailboxes.nextModSeq(inbox.id()); // a flag change of UID 1 took it, not written yet
        access.setFlags(message(2), Set.of("\\Flagged")); // a later change lands first
        view.refresh(access, ctx, true);
        assertThat(out.take()).isEqualTo("* 2 FETCH (UID 2 FLAGS (\\Flagged \\Recent))\r\n");

        messages.setFlags(inbox.id(), 1, Set.of(Flags.SEEN), pending);
        view.refresh(access, ctx, true);
        assertThat(out.take()).isEqualTo("* 1 FETCH (UID 1 FLAGS (\\Seen \\Recent))\r\n");
        messages.reset();
        view.refresh(access, ctx, true);
        assertThat(messages.queries).as("complete again once it landed").isZero();
    }

    @Test
    void numbersNeverWrittenAreGivenUpAfterTheGracePeriod() {
        deliver();
        SelectedMailbox view = open();
        mailboxes.allocateUid(inbox.id()); // UID 2: the writer died
        deliver();
        view.refresh(access, ctx, true);
        assertThat(out.take()).isEmpty();

        nanos.addAndGet(ChangeFrontier.GRACE.toNanos() - 1);
        view.refresh(access, ctx, true);
        assertThat(out.take()).isEmpty();

        nanos.addAndGet(1);
        view.refresh(access, ctx, true);
        assertThat(out.take()).isEqualTo("* 2 EXISTS\r\n* 2 RECENT\r\n");
        assertThat(view.messages()).extracting(StoredMessage::uid).containsExactly(1L, 3L);
        messages.reset();
        view.refresh(access, ctx, true);
        assertThat(messages.queries).isZero();
    }

    @Test
    void aFlagChangeOverwrittenBeforeTheRefreshIsReportedOnceAndSettles() {
        deliver();
        SelectedMailbox view = open();
        access.setFlags(message(1), Set.of(Flags.SEEN));
        access.setFlags(message(1), Set.of(Flags.SEEN, "\\Flagged")); // the first MODSEQ is on no record now
        view.refresh(access, ctx, true);
        assertThat(out.take()).isEqualTo("* 1 FETCH (UID 1 FLAGS (\\Flagged \\Seen \\Recent))\r\n");
        view.refresh(access, ctx, true);
        assertThat(out.take()).as("read again, but nothing new to say").isEmpty();

        nanos.addAndGet(TimeUnit.SECONDS.toNanos(60));
        view.refresh(access, ctx, true);
        messages.reset();
        view.refresh(access, ctx, true);
        assertThat(messages.queries).isZero();
    }

    @Test
    void selectAfterTheNewestMessagesWereExpungedKnowsTheirUidsAreGone() {
        deliver();
        deliver();
        deliver();
        access.expunge(inbox, List.of(2L, 3L));
        SelectedMailbox view = open();
        assertThat(view.uidNext()).isEqualTo(4);
        view.refresh(access, ctx, true);
        assertThat(out.take()).isEmpty();
        deliver();
        view.refresh(access, ctx, true);
        assertThat(out.take()).as("UIDs 2 and 3 are known expunged: nothing to wait for").isEqualTo("* 2 EXISTS\r\n* 2 RECENT\r\n");
        assertThat(view.messages()).extracting(StoredMessage::uid).containsExactly(1L, 4L);

        // The MODSEQs of their deliveries are on no record any more; after the grace period that
        // no longer makes the view read again.
        nanos.addAndGet(ChangeFrontier.GRACE.toNanos());
        view.refresh(access, ctx, true);
        messages.reset();
        view.refresh(access, ctx, true);
        assertThat(messages.queries).isZero();
    }

    private SelectedMailbox open() {
        SelectedMailbox view = SelectedMailbox.open(access, mailboxes.byId(inbox.id()).orElseThrow(), false,
                nanos::get);
        out.take();
        return view;
    }

    private StoredMessage message(long uid) {
        return messages.find(inbox.id(), uid).orElseThrow();
    }

    private void deliver() {
        insert(mailboxes.allocateUid(inbox.id()));
    }

    private void insert(MailboxStore.Allocation a) {
        String raw = "Subject: m" + a.uid() + "\r\n\r\nbody\r\n";
        messages.insert(new StoredMessage("m" + a.uid() + "/" + OWNER, inbox.id(), a.uid(), a.modSeq(), Set.of(),
                new Date(), raw.length(), "blob" + a.uid(), "m" + a.uid(), OWNER, raw));
    }

    private static final class RecordingConnection implements Connection {
        private final ByteArrayOutputStream written = new ByteArrayOutputStream();

        @Override
        public synchronized void write(byte[] bytes) {
            written.writeBytes(bytes);
        }

        @Override
        public void close() {
        }

        @Override
        public String remoteAddress() {
            return "127.0.0.1";
        }

        @Override
        public int localPort() {
            return 2143;
        }

        @Override
        public String sessionId() {
            return "TEST";
        }

        synchronized String take() {
            String s = written.toString(StandardCharsets.UTF_8);
            written.reset();
            return s;
        }
    }
}
