package io.mailstream.mailbox.imap;

import io.mailstream.mailbox.imap.ImapHarness.Client;
import io.mailstream.store.Mailbox;
import io.mailstream.store.MailboxStore;
import io.mailstream.store.StoredMessage;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Transcripts of two sessions on one mailbox: each sees the other's flag changes, expunges and new
 * messages, in the forms and at the moments IMAP allows, while refreshes read only what changed.
 */
class ImapSharedMailboxTest {

    static final String USER = "erin@example.test";

    ImapHarness imap;
    Client one;
    Client two;

    @BeforeEach
    void setUp() {
        imap = new ImapHarness();
        imap.seed.user(USER, "pw");
        for (int i = 1; i <= 3; i++) {
            imap.seed.deliver(USER, "Subject: m" + i + "\r\n\r\nbody " + i + "\r\n");
        }
        one = imap.login(USER, "pw");
        two = imap.login(USER, "pw");
        one.send("s SELECT INBOX\r\n");
        two.send("s SELECT INBOX\r\n");
    }

    @Test
    void flagChangesExpungesAndArrivalsOfTheOtherSession() {
        one.run("""
                C: a1 STORE 2 +FLAGS (\\Seen)
                S: * 2 FETCH (FLAGS (\\Seen \\Recent))
                S: a1 OK STORE completed
                """);
        // The view changes only between commands: this SEARCH still answers from the old one.
        two.run("""
                C: b1 SEARCH UNSEEN
                S: * SEARCH 1 2 3
                S: * 2 FETCH (UID 2 FLAGS (\\Seen))
                S: b1 OK SEARCH completed
                C: b2 SEARCH UNSEEN
                S: * SEARCH 1 3
                S: b2 OK SEARCH completed
                C: b3 STATUS INBOX (MESSAGES UNSEEN DELETED)
                S: * STATUS "INBOX" (MESSAGES 3 UNSEEN 2 DELETED 0)
                S: b3 OK STATUS completed
                C: b4 STORE 1 +FLAGS.SILENT (\\Deleted)
                S: b4 OK STORE completed
                """);
        one.run("""
                C: a2 NOOP
                S: * 1 FETCH (UID 1 FLAGS (\\Deleted \\Recent))
                S: a2 OK NOOP completed
                C: a3 EXPUNGE
                S: * 1 EXPUNGE
                S: a3 OK EXPUNGE completed
                C: a4 APPEND INBOX {20+}
                C: Subject: hi
                C:
                C: hello
                S: * 3 EXISTS
                S: * 3 RECENT
                S~ a4 OK \\[APPENDUID \\d+ 4\\] APPEND completed
                """);
        // By sequence number FETCH may not renumber: the expunge waits, and so does the arrival.
        two.run("""
                C: b5 FETCH 1:* (UID)
                S: * 1 FETCH (UID 1)
                S: * 2 FETCH (UID 2)
                S: * 3 FETCH (UID 3)
                S: b5 OK FETCH completed
                C: b6 NOOP
                S: * 1 EXPUNGE
                S: * 3 EXISTS
                S: * 0 RECENT
                S: b6 OK NOOP completed
                C: b7 FETCH 1:* (UID FLAGS)
                S: * 1 FETCH (UID 2 FLAGS (\\Seen))
                S: * 2 FETCH (UID 3 FLAGS ())
                S: * 3 FETCH (UID 4 FLAGS ())
                S: b7 OK FETCH completed
                """);
    }

    @Test
    void condstoreAndQresyncSessionsGetModSeqAndVanished() {
        two.send("u UNSELECT\r\n");
        two.send("e ENABLE QRESYNC\r\n");
        two.send("s SELECT INBOX\r\n");
        one.send("a1 STORE 3 +FLAGS.SILENT (\\Flagged)\r\n");
        long modSeq = message(3).modSeq();
        two.run("""
                C: b1 NOOP
                S: * 3 FETCH (UID 3 FLAGS (\\Flagged) MODSEQ (%d))
                S: b1 OK NOOP completed
                """.formatted(modSeq));
        one.send("a2 STORE 1 +FLAGS.SILENT (\\Deleted)\r\n");
        one.send("a3 EXPUNGE\r\n");
        imap.seed.deliver(USER, "Subject: later\r\n\r\nx\r\n");
        two.run("""
                C: b2 NOOP
                S: * VANISHED 1
                S: * 3 EXISTS
                S: * 1 RECENT
                S: b2 OK NOOP completed
                """);
    }

    @Test
    void aMessageWhoseUidWasTakenButNotYetWrittenAppearsWhenItLands() {
        Mailbox inbox = imap.seed.mailbox(USER, Mailbox.INBOX);
        MailboxStore.Allocation pending = imap.seed.mailboxes.allocateUid(inbox.id()); // UID 4, still being written
        imap.seed.deliver(USER, "Subject: five\r\n\r\n5\r\n"); // UID 5 lands first
        two.run("""
                C: b1 NOOP
                S: b1 OK NOOP completed
                """);
        one.send("a1 STORE 1 +FLAGS.SILENT (\\Answered)\r\n");
        two.run("""
                C: b2 NOOP
                S: * 1 FETCH (UID 1 FLAGS (\\Answered))
                S: b2 OK NOOP completed
                """);
        String raw = "Subject: four\r\n\r\n4\r\n";
        String blobId = imap.seed.blobs.put(raw.getBytes(StandardCharsets.UTF_8));
        imap.seed.messages.insert(new StoredMessage("four/" + USER, inbox.id(), pending.uid(), pending.modSeq(),
                Set.of(), new Date(), raw.length(), blobId, "four", USER, raw));
        two.run("""
                C: b3 NOOP
                S: * 5 EXISTS
                S: * 2 RECENT
                S: b3 OK NOOP completed
                C: b4 FETCH 4:5 (UID)
                S: * 4 FETCH (UID 4)
                S: * 5 FETCH (UID 5)
                S: b4 OK FETCH completed
                """);
    }

    @Test
    void aFlagChangeWhoseModSeqWasTakenButNotYetWrittenIsReportedWhenItLands() {
        Mailbox inbox = imap.seed.mailbox(USER, Mailbox.INBOX);
        long pending = imap.seed.mailboxes.nextModSeq(inbox.id()); // a STORE on UID 2, still being written
        one.send("a1 STORE 3 +FLAGS.SILENT (\\Flagged)\r\n");
        two.run("""
                C: b1 NOOP
                S: * 3 FETCH (UID 3 FLAGS (\\Flagged))
                S: b1 OK NOOP completed
                """);
        imap.seed.messages.setFlags(inbox.id(), 2, Set.of("\\Seen"), pending);
        two.run("""
                C: b2 NOOP
                S: * 2 FETCH (UID 2 FLAGS (\\Seen))
                S: b2 OK NOOP completed
                """);
    }

    private StoredMessage message(long uid) {
        return imap.seed.messages.find(imap.seed.mailbox(USER, Mailbox.INBOX).id(), uid).orElseThrow();
    }
}
