package io.mailstream.mailbox.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailstream.mailbox.imap.ImapHarness.Client;
import io.mailstream.mailbox.imap.process.SessionPolicy;
import io.mailstream.store.Mailbox;
import io.mailstream.store.StoredMessage;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Transcripts for TLS policy, mailbox management (CREATE, DELETE, RENAME, SUBSCRIBE, LIST
 * extensions), APPEND, COPY, MOVE, UID EXPUNGE, IDLE and the small commands, in memory.
 */
class ImapMailboxTest {

    /** Quoted-printable, base64 and an unknown transfer encoding in one multipart (BINARY, BODYSTRUCTURE). */
    static final String PARTS = """
            Subject: parts\r
            MIME-Version: 1.0\r
            Content-Type: multipart/mixed; boundary="b"\r
            \r
            --b\r
            Content-Type: text/plain; charset=utf-8\r
            Content-Transfer-Encoding: quoted-printable\r
            \r
            Gr=C3=BC=C3=9Fe, soft=\r
            break\r
            --b\r
            Content-Type: application/octet-stream\r
            Content-Transfer-Encoding: base64\r
            \r
            AAEC\r
            AwQ=\r
            --b\r
            Content-Type: text/plain\r
            Content-Transfer-Encoding: x-uuencode\r
            \r
            begin\r
            --b--\r
            """;

    static final String USER = "dana@example.test";
    static final String LOGIN = "L LOGIN dana@example.test pw\r\n";

    ImapHarness imap;

    @BeforeEach
    void setUp() {
        imap = new ImapHarness();
        imap.seed.user(USER, "pw");
    }

    Client login() {
        return imap.login(USER, "pw");
    }

    @Test
    void passwordsNeedTlsOffLoopbackAndStartTlsEnablesThem() {
        Client c = imap.connect(new MemoryConnection("192.0.2.7", true));
        assertThat(c.take()).contains(" STARTTLS LOGINDISABLED]").doesNotContain("AUTH=PLAIN");
        c.run("""
                C: a1 LOGIN dana@example.test pw
                S: a1 NO [PRIVACYREQUIRED] Use STARTTLS or port 993 to log in
                C: a2 AUTHENTICATE PLAIN
                S: a2 NO [PRIVACYREQUIRED] Use STARTTLS or port 993 to log in
                """);
        // Anything pipelined after STARTTLS arrived in clear text and must be ignored.
        assertThat(c.send("a3 STARTTLS\r\na4 LOGIN dana@example.test pw\r\n"))
                .isEqualTo("a3 OK Begin TLS negotiation now\r\n");
        c.run("""
                C: a5 CAPABILITY
                S~ \\* CAPABILITY IMAP4rev1 .* AUTH=PLAIN
                S: a5 OK CAPABILITY completed
                C: a6 STARTTLS
                S: a6 BAD TLS is already active
                C: a7 LOGIN dana@example.test pw
                S~ a7 OK \\[CAPABILITY .*\\] Logged in
                """);
        assertThat(imap.registry.counter("mailstream.imap.logins", "result", "tls-required").count()).isEqualTo(2);
    }

    @Test
    void loopbackNeedsTlsTooWhenTheExceptionIsOff() {
        imap.policy = new SessionPolicy(false, 1000);
        Client c = imap.connect(new MemoryConnection("127.0.0.1", true));
        assertThat(c.take()).contains("STARTTLS LOGINDISABLED");
        assertThat(c.send("a1 LOGIN dana@example.test pw\r\n")).startsWith("a1 NO [PRIVACYREQUIRED]");
        Client noTls = imap.connect(new MemoryConnection("192.0.2.7", false));
        assertThat(noTls.take()).contains("LOGINDISABLED").doesNotContain("STARTTLS");
        assertThat(noTls.send("a1 STARTTLS\r\n")).isEqualTo("a1 BAD STARTTLS is not available\r\n");
    }

    @Test
    void firstLoginCreatesSpecialUseMailboxesAndListShowsThem() {
        login().run("""
                C: l1 LIST "" *
                S: * LIST (\\HasNoChildren \\Archive) "/" "Archive"
                S: * LIST (\\HasNoChildren \\Drafts) "/" "Drafts"
                S: * LIST (\\HasNoChildren) "/" "INBOX"
                S: * LIST (\\HasNoChildren \\Junk) "/" "Junk"
                S: * LIST (\\HasNoChildren \\Sent) "/" "Sent"
                S: * LIST (\\HasNoChildren \\Trash) "/" "Trash"
                S: l1 OK LIST completed
                C: l2 LIST (SPECIAL-USE) "" "S*" RETURN (SUBSCRIBED STATUS (MESSAGES UIDNEXT))
                S: * LIST (\\HasNoChildren \\Sent \\Subscribed) "/" "Sent"
                S: * STATUS "Sent" (MESSAGES 0 UIDNEXT 1)
                S: l2 OK LIST completed
                C: l3 LSUB "" "%"
                S: * LSUB () "/" "Archive"
                S: * LSUB () "/" "Drafts"
                S: * LSUB () "/" "INBOX"
                S: * LSUB () "/" "Junk"
                S: * LSUB () "/" "Sent"
                S: * LSUB () "/" "Trash"
                S: l3 OK LSUB completed
                C: n1 NAMESPACE
                S: * NAMESPACE (("" "/")) NIL NIL
                S: n1 OK NAMESPACE completed
                C: i1 ID ("name" "Thunderbird" "version" NIL)
                S: * ID ("name" "Mailstream")
                S: i1 OK ID completed
                C: e1 ENABLE X-UNKNOWN
                S: * ENABLED
                S: e1 OK ENABLE completed
                """);
    }

    @Test
    void createRenameDeleteWithHierarchyAndModifiedUtf7() {
        login().run("""
                C: c1 CREATE Projects/2026/Entw&APw-rfe/
                S: c1 OK CREATE completed
                C: c2 CREATE projects/2026
                S: c2 OK CREATE completed
                C: c3 CREATE Projects/2026
                S: c3 NO [ALREADYEXISTS] Mailbox already exists
                C: c4 CREATE inbox
                S: c4 NO [ALREADYEXISTS] Mailbox already exists
                C: c5 CREATE "a/../b"
                S: c5 NO [CANNOT] Invalid mailbox name level
                C: c6 CREATE "a//b"
                S: c6 NO [CANNOT] Invalid mailbox name level
                C: c7 CREATE "x%"
                S: c7 NO [CANNOT] Invalid character in mailbox name
                C: c8 CREATE "bad&-seq&AB"
                S: c8 NO [CANNOT] Invalid mailbox name encoding
                C: c9 CREATE Receipts (USE (\\Archive))
                S: c9 OK CREATE completed
                C: c10 CREATE Everything (USE (\\All))
                S: c10 NO [USEATTR] Special use not supported
                C: l1 LIST "" "Projects*"
                S: * LIST (\\HasChildren) "/" "Projects"
                S: * LIST (\\HasChildren) "/" "Projects/2026"
                S: * LIST (\\HasNoChildren) "/" "Projects/2026/Entw&APw-rfe"
                S: l1 OK LIST completed
                C: r1 RENAME Projects Work/Old
                S: r1 OK RENAME completed
                C: r2 RENAME Work Work/Old/Inner
                S: r2 NO [CANNOT] Cannot move a mailbox into itself
                C: r3 RENAME Nope Else
                S: r3 NO [NONEXISTENT] No such mailbox
                C: r4 RENAME Sent Trash
                S: r4 NO [ALREADYEXISTS] Target mailbox already exists
                C: l2 LIST "" "Work/%"
                S: * LIST (\\HasChildren) "/" "Work/Old"
                S: l2 OK LIST completed
                C: l3 LIST "" "Work/Old/*"
                S: * LIST (\\HasChildren) "/" "Work/Old/2026"
                S: * LIST (\\HasNoChildren) "/" "Work/Old/2026/Entw&APw-rfe"
                S: l3 OK LIST completed
                C: d1 DELETE Work/Old/2026
                S: d1 OK DELETE completed
                C: d2 DELETE INBOX
                S: d2 NO [CANNOT] INBOX cannot be deleted
                C: d3 DELETE Work/Old/2026
                S: d3 NO [NONEXISTENT] No such mailbox
                C: l4 LIST "" "Work/Old/%"
                S: * LIST (\\Noselect \\HasChildren) "/" "Work/Old/2026"
                S: l4 OK LIST completed
                C: s1 SUBSCRIBE Work/Old
                S: s1 OK SUBSCRIBE completed
                C: s2 LIST (SUBSCRIBED) "" "Work*"
                S: * LIST (\\HasChildren \\Subscribed) "/" "Work/Old"
                S: s2 OK LIST completed
                C: s3 UNSUBSCRIBE Work/Old
                S: s3 OK UNSUBSCRIBE completed
                C: s4 LSUB "" "Work*"
                S: s4 OK LSUB completed
                """);
        assertThat(imap.access.mailbox(USER, "Work/Old/2026/Entwürfe")).isPresent();
    }

    @Test
    void renamingInboxMovesItsMessagesAndLeavesItEmpty() {
        imap.seed.deliver(USER, "Subject: one\r\n\r\n1\r\n");
        imap.seed.deliver(USER, "Subject: two\r\n\r\n2\r\n");
        login().run("""
                C: r1 RENAME INBOX "Old mail"
                S: r1 OK RENAME completed
                C: s1 STATUS INBOX (MESSAGES UIDNEXT)
                S: * STATUS "INBOX" (MESSAGES 0 UIDNEXT 3)
                S: s1 OK STATUS completed
                C: s2 STATUS "Old mail" (MESSAGES UIDNEXT SIZE DELETED)
                S: * STATUS "Old mail" (MESSAGES 2 UIDNEXT 3 SIZE 38 DELETED 0)
                S: s2 OK STATUS completed
                """);
    }

    @Test
    void appendStoresFlagsDateAndAnswersWithAppendUid() {
        Client c = login();
        Mailbox sent = imap.access.mailbox(USER, "Sent").orElseThrow();
        String msg = "From: dana@example.test\r\nSubject: sent\r\n\r\nHi\r\n";
        assertThat(c.send("a1 APPEND Sent (\\Seen) \" 7-Mar-2026 09:30:00 +0100\" {" + msg.length() + "}\r\n"))
                .isEqualTo("+ Ready for literal data\r\n");
        assertThat(c.send(msg + "\r\n")).isEqualTo("a1 OK [APPENDUID " + sent.uidValidity() + " 1] APPEND completed\r\n");
        assertThat(c.send("a2 APPEND Sent {5+}\r\nabc\r\n {5+}\r\nxyz\r\n\r\n"))
                .isEqualTo("a2 OK [APPENDUID " + sent.uidValidity() + " 2:3] APPEND completed\r\n");
        c.run("""
                C: a3 APPEND Nowhere {1+}
                C: x
                S: a3 NO [TRYCREATE] No such mailbox
                C: a4 APPEND Sent (\\Bogus) {1+}
                C: x
                S: a4 BAD Invalid system flag \\Bogus
                C: a5 APPEND Sent "31-Feb-2026 00:00:00 +0000" {1+}
                C: x
                S: a5 BAD Invalid arguments: Invalid date-time
                C: s1 SELECT Sent
                S~ .*
                S~ .*
                S~ .*
                S~ .*
                S~ .*
                S~ .*
                S~ .*
                S~ .*
                S: s1 OK [READ-WRITE] SELECT completed
                C: f1 FETCH 1 (FLAGS INTERNALDATE BODY.PEEK[HEADER.FIELDS (SUBJECT)])
                S: * 1 FETCH (FLAGS (\\Seen \\Recent) INTERNALDATE "07-Mar-2026 08:30:00 +0000" BODY[HEADER.FIELDS (SUBJECT)] {17}
                S: Subject: sent
                S:
                S: )
                S: f1 OK FETCH completed
                """);
        StoredMessage stored = imap.access.messages(sent).get(0);
        assertThat(new String(imap.access.content(stored), StandardCharsets.UTF_8)).isEqualTo(msg);
        assertThat(stored.header()).isEqualTo("From: dana@example.test\r\nSubject: sent\r\n\r\n");
    }

    @Test
    void appendOverTheLimitIsRefusedBeforeTheLiteralIsSent() {
        imap.policy = new SessionPolicy(true, 100);
        Client c = login();
        c.run("""
                C: a1 APPEND INBOX {101}
                S: a1 NO [TOOBIG] Message too large
                C: a2 NOOP
                S: a2 OK NOOP completed
                """);
        assertThat(c.closed()).isFalse();
    }

    @Test
    void copyMoveAndUidExpunge() {
        for (int i = 1; i <= 4; i++) {
            imap.seed.deliver(USER, "Subject: m" + i + "\r\n\r\nbody " + i + "\r\n");
        }
        Client c = login();
        Mailbox trash = imap.access.mailbox(USER, "Trash").orElseThrow();
        c.send("s SELECT INBOX\r\n");
        c.run("""
                C: c1 COPY 1:2 Archive
                S~ c1 OK \\[COPYUID \\d+ 1:2 1:2\\] COPY completed
                C: c2 UID COPY 9 Archive
                S: c2 OK UID COPY completed (no messages)
                C: c3 COPY 1 Nowhere
                S: c3 NO [TRYCREATE] No such mailbox
                C: m1 MOVE 2:3 Trash
                S: * OK [COPYUID %1$d 2:3 1:2] Moved
                S: * 3 EXPUNGE
                S: * 2 EXPUNGE
                S: m1 OK MOVE completed
                C: m2 UID MOVE 4 Trash
                S: * OK [COPYUID %1$d 4 3] Moved
                S: * 2 EXPUNGE
                S: m2 OK UID MOVE completed
                C: st STORE 1 +FLAGS.SILENT (\\Deleted)
                S: st OK STORE completed
                C: x1 UID EXPUNGE 2:9
                S: x1 OK UID EXPUNGE completed
                C: x2 UID EXPUNGE 1
                S: * 1 EXPUNGE
                S: x2 OK UID EXPUNGE completed
                C: s2 STATUS Trash (MESSAGES)
                S: * STATUS "Trash" (MESSAGES 3)
                S: s2 OK STATUS completed
                """.formatted(trash.uidValidity()));
        assertThat(imap.access.messages(trash)).extracting(StoredMessage::header)
                .containsExactly("Subject: m2\r\n\r\n", "Subject: m3\r\n\r\n", "Subject: m4\r\n\r\n");
    }

    @Test
    void idleReportsChangesMadeByAnotherSession() {
        Client watcher = login();
        Client actor = login();
        watcher.send("w1 SELECT INBOX\r\n");
        assertThat(watcher.send("w2 IDLE\r\n")).isEqualTo("+ idling\r\n");

        assertThat(actor.send("a1 APPEND INBOX {20+}\r\nSubject: hi\r\n\r\nhello\r\n"))
                .startsWith("a1 OK [APPENDUID");
        assertThat(watcher.take()).isEqualTo("* 1 EXISTS\r\n* 1 RECENT\r\n"); // the watcher saw it first

        actor.send("a2 SELECT INBOX\r\n");
        actor.send("a3 STORE 1 +FLAGS (\\Flagged)\r\n");
        assertThat(watcher.take()).isEqualTo("* 1 FETCH (UID 1 FLAGS (\\Flagged \\Recent))\r\n");

        actor.send("a4 MOVE 1 Trash\r\n");
        assertThat(watcher.take()).isEqualTo("* 1 EXPUNGE\r\n");

        // A delivery (delivery-service announces it on mailbox.changes) wakes the session too.
        imap.seed.deliver(USER, "Subject: delivered\r\n\r\nx\r\n");
        imap.access.changes().received(new io.mailstream.core.event.MailboxChanged(1, USER, "?", "INBOX",
                io.mailstream.core.event.MailboxChanged.Kind.APPENDED, 2, 0));
        assertThat(watcher.take()).isEqualTo("* 1 EXISTS\r\n* 1 RECENT\r\n");

        assertThat(watcher.send("DONE\r\n")).isEqualTo("w2 OK IDLE terminated\r\n");
        assertThat(imap.idle.idling()).isZero();
        assertThat(watcher.send("w3 IDLE\r\n")).isEqualTo("+ idling\r\n");
        assertThat(watcher.send("nonsense\r\n")).isEqualTo("w3 BAD Expected DONE\r\n");
    }

    @Test
    void condstoreQresyncAndEsearch() {
        for (int i = 1; i <= 3; i++) {
            imap.seed.deliver(USER, "Subject: m" + i + "\r\n\r\nbody\r\n");
        }
        long validity = imap.access.inbox(USER).uidValidity();
        Client one = login();
        one.run("""
                C: e1 ENABLE CONDSTORE
                S: * ENABLED CONDSTORE
                S: e1 OK ENABLE completed
                C: s1 EXAMINE INBOX
                S~ \\* FLAGS .*
                S: * 3 EXISTS
                S: * 3 RECENT
                S: * OK [UNSEEN 1] First unseen
                S~ \\* OK \\[UIDVALIDITY \\d+\\] UIDs valid
                S: * OK [UIDNEXT 4] Predicted next UID
                S: * OK [HIGHESTMODSEQ 4] Highest
                S~ \\* OK \\[PERMANENTFLAGS .*
                S: s1 OK [READ-ONLY] EXAMINE completed
                C: s2 SELECT INBOX
                S: * OK [CLOSED] Previous mailbox closed
                S~ \\* FLAGS .*
                S: * 3 EXISTS
                S: * 3 RECENT
                S: * OK [UNSEEN 1] First unseen
                S~ \\* OK \\[UIDVALIDITY \\d+\\] UIDs valid
                S: * OK [UIDNEXT 4] Predicted next UID
                S: * OK [HIGHESTMODSEQ 4] Highest
                S~ \\* OK \\[PERMANENTFLAGS .*
                S: s2 OK [READ-WRITE] SELECT completed
                C: t1 STORE 1 +FLAGS (\\Seen)
                S: * 1 FETCH (FLAGS (\\Seen \\Recent) MODSEQ (5))
                S: t1 OK STORE completed
                C: t2 STORE 3 +FLAGS.SILENT (\\Deleted)
                S: t2 OK STORE completed
                C: x1 UID EXPUNGE 3
                S: * 3 EXPUNGE
                S: x1 OK UID EXPUNGE completed
                """);
        Client two = login();
        two.run("""
                C: e1 ENABLE QRESYNC
                S: * ENABLED QRESYNC
                S: e1 OK ENABLE completed
                C: s1 SELECT INBOX (QRESYNC (%d 4))
                S~ \\* FLAGS .*
                S: * 2 EXISTS
                S: * 0 RECENT
                S: * OK [UNSEEN 2] First unseen
                S~ \\* OK \\[UIDVALIDITY \\d+\\] UIDs valid
                S: * OK [UIDNEXT 4] Predicted next UID
                S: * OK [HIGHESTMODSEQ 7] Highest
                S~ \\* OK \\[PERMANENTFLAGS .*
                S: * VANISHED (EARLIER) 3
                S: * 1 FETCH (UID 1 FLAGS (\\Seen) MODSEQ (5))
                S: s1 OK [READ-WRITE] SELECT completed
                C: f1 FETCH 1:* (FLAGS) (CHANGEDSINCE 4)
                S: * 1 FETCH (FLAGS (\\Seen) MODSEQ (5))
                S: f1 OK FETCH completed
                C: f2 UID FETCH 1:* (FLAGS) (CHANGEDSINCE 4 VANISHED)
                S: * VANISHED (EARLIER) 3
                S: * 1 FETCH (UID 1 FLAGS (\\Seen) MODSEQ (5))
                S: f2 OK UID FETCH completed
                C: t1 STORE 2 (UNCHANGEDSINCE 2) +FLAGS (\\Flagged)
                S: t1 OK [MODIFIED 2] Conditional STORE failed for some
                C: t2 STORE 2 (UNCHANGEDSINCE 3) +FLAGS (\\Flagged)
                S: * 2 FETCH (FLAGS (\\Flagged) MODSEQ (8))
                S: t2 OK STORE completed
                C: q1 UID SEARCH RETURN (MIN MAX COUNT ALL) ALL
                S: * ESEARCH (TAG "q1") UID MIN 1 MAX 2 COUNT 2 ALL 1:2
                S: q1 OK UID SEARCH completed
                C: q2 SEARCH RETURN () UNSEEN
                S: * ESEARCH (TAG "q2") ALL 2
                S: q2 OK SEARCH completed
                C: q3 SEARCH MODSEQ 6
                S: * SEARCH 2 (MODSEQ 8)
                S: q3 OK SEARCH completed
                C: d1 STORE 2 +FLAGS.SILENT (\\Deleted)
                S: d1 OK STORE completed
                C: d2 EXPUNGE
                S: * VANISHED 2
                S: d2 OK EXPUNGE completed
                C: d3 STATUS INBOX (HIGHESTMODSEQ MESSAGES)
                S: * STATUS "INBOX" (HIGHESTMODSEQ 10 MESSAGES 1)
                S: d3 OK STATUS completed
                """.formatted(validity));
        one.run("""
                C: n1 NOOP
                S: * 2 EXPUNGE
                S: n1 OK NOOP completed
                """);
    }

    @Test
    void quotaIsReportedAndEnforcedAndSessionsPerAccountAreBounded() {
        imap.seed.deliver(USER, "Subject: a\r\n\r\n" + "x".repeat(2000) + "\r\n");
        Client c = login();
        c.run("""
                C: q1 GETQUOTAROOT INBOX
                S: * QUOTAROOT "INBOX"
                S: q1 OK GETQUOTAROOT completed
                C: q2 GETQUOTA ""
                S: q2 NO [NONEXISTENT] No such quota root
                """);
        imap.directory.setQuota(USER, new io.mailstream.store.Directory.Quota(4096, 2));
        c.run("""
                C: q3 GETQUOTAROOT INBOX
                S: * QUOTAROOT "INBOX" ""
                S: * QUOTA "" (STORAGE 2 4 MESSAGE 1 2)
                S: q3 OK GETQUOTAROOT completed
                C: q4 SETQUOTA "" (STORAGE 99999)
                S: q4 NO [NOPERM] Quotas are set by the administrator
                C: a1 APPEND INBOX {3000+}
                C: %s
                C:
                S: a1 NO [OVERQUOTA] Quota exceeded
                """.formatted("y".repeat(2998)));
        // Five sessions are allowed in the harness; the sixth login is refused, and a logout frees one.
        for (int i = 0; i < 3; i++) {
            login();
        }
        Client fifth = login();
        Client sixth = imap.connect();
        sixth.take();
        assertThat(sixth.send("x LOGIN dana@example.test pw\r\n"))
                .isEqualTo("x NO [LIMIT] Too many sessions for this account\r\n");
        fifth.send("o LOGOUT\r\n");
        assertThat(sixth.send("y LOGIN dana@example.test pw\r\n")).startsWith("y OK");
    }

    @Test
    void binaryFetchUndoesTransferEncodingsAndAppendTakesLiteral8() {
        imap.seed.deliver(USER, PARTS);
        Client c = login();
        c.send("s SELECT INBOX\r\n");
        assertThat(c.send("b1 FETCH 1 (BINARY.SIZE[1] BINARY.PEEK[1])\r\n")).isEqualTo(
                "* 1 FETCH (BINARY.SIZE[1] 18 BINARY[1] {18}\r\nGrüße, softbreak)\r\nb1 OK FETCH completed\r\n");
        assertThat(c.send("b2 FETCH 1 BINARY.PEEK[2]<0.3>\r\n")).as("NUL needs a literal8").isEqualTo(
                "* 1 FETCH (BINARY[2]<0> ~{3}\r\n\u0000\u0001\u0002)\r\nb2 OK FETCH completed\r\n");
        assertThat(c.send("b5 FETCH 1 BINARY.PEEK[2]<1.4>\r\n")).isEqualTo(
                "* 1 FETCH (BINARY[2]<1> {4}\r\n\u0001\u0002\u0003\u0004)\r\nb5 OK FETCH completed\r\n");
        assertThat(c.send("b3 FETCH 1 BINARY.PEEK[3]\r\n")).isEqualTo(
                "b3 NO [UNKNOWN-CTE] Cannot decode this part's transfer encoding\r\n");
        assertThat(c.send("b4 FETCH 1 BINARY.PEEK[9]\r\n")).isEqualTo(
                "* 1 FETCH (BINARY[9] NIL)\r\nb4 OK FETCH completed\r\n");
        assertThat(c.send("a1 APPEND INBOX ~{5+}\r\nx\u0000y\r\n\r\n")).contains("a1 OK [APPENDUID");
        assertThat(imap.access.messages(imap.access.inbox(USER))).hasSize(2);
    }

    @Test
    void sortAndThreadByOrderedSubject() {
        imap.seed.deliver(USER, "From: Zed <zed@example.test>\r\nSubject: Re: [list] Plans\r\n"
                + "Date: Wed, 4 Mar 2026 10:00:00 +0000\r\n\r\n" + "x".repeat(50) + "\r\n");
        imap.seed.deliver(USER, "From: amy@example.test\r\nSubject: Lunch\r\n"
                + "Date: Mon, 2 Mar 2026 10:00:00 +0000\r\n\r\nx\r\n");
        imap.seed.deliver(USER, "From: bob@example.test\r\nSubject: plans (fwd)\r\n"
                + "Date: Tue, 3 Mar 2026 10:00:00 +0000\r\n\r\n" + "x".repeat(20) + "\r\n");
        imap.seed.deliver(USER, "From: cy@example.test\r\nSubject: Fwd: PLANS\r\n"
                + "Date: Thu, 5 Mar 2026 10:00:00 +0000\r\n\r\nx\r\n");
        Client c = login();
        c.send("s SELECT INBOX\r\n");
        c.run("""
                C: o1 SORT (DATE) UTF-8 ALL
                S: * SORT 2 3 1 4
                S: o1 OK SORT completed
                C: o2 SORT (REVERSE SIZE) UTF-8 ALL
                S: * SORT 1 3 4 2
                S: o2 OK SORT completed
                C: o3 UID SORT (SUBJECT FROM) US-ASCII NOT FROM amy
                S: * SORT 3 4 1
                S: o3 OK UID SORT completed
                C: o4 SORT (FROM) UTF-8 ALL
                S: * SORT 2 3 4 1
                S: o4 OK SORT completed
                C: o5 SORT (BOGUS) UTF-8 ALL
                S: o5 BAD Unknown sort criterion BOGUS
                C: t1 THREAD ORDEREDSUBJECT UTF-8 ALL
                S: * THREAD (2)(3 (1)(4))
                S: t1 OK THREAD completed
                C: t2 THREAD X-OTHER UTF-8 ALL
                S: t2 BAD Invalid arguments: Unsupported threading algorithm X-OTHER
                """);
    }

    @Test
    void commandsAboveTheRateGetNoLimit() {
        imap.policy = new SessionPolicy(true, 1000, 1, 3);
        Client c = imap.connect();
        c.take();
        assertThat(c.send("a NOOP\r\nb NOOP\r\nc NOOP\r\nd NOOP\r\n")).isEqualTo(
                "a OK NOOP completed\r\nb OK NOOP completed\r\nc OK NOOP completed\r\n"
                        + "d NO [LIMIT] Too many commands, slow down\r\n");
        assertThat(c.closed()).isFalse();
    }

    @Test
    void utf8AcceptSendsNamesAsUtf8() {
        login().run("""
                C: e ENABLE UTF8=ACCEPT
                S: * ENABLED UTF8=ACCEPT
                S: e OK ENABLE completed
                C: c CREATE "Grüße & Co"
                S: c OK CREATE completed
                C: l LIST "" "Gr*"
                S: * LIST (\\HasNoChildren) "/" {12}
                S: Grüße & Co
                S: l OK LIST completed
                C: a APPEND "Grüße & Co" UTF8 (~{7+}
                C: Hi: x
                C: )
                S~ a OK \\[APPENDUID \\d+ 1\\] APPEND completed
                """);
        login().run("""
                C: l LIST "" "Gr*"
                S: * LIST (\\HasNoChildren) "/" "Gr&APwA3w-e &- Co"
                S: l OK LIST completed
                C: s STATUS "Gr&APwA3w-e &- Co" (MESSAGES)
                S: * STATUS "Gr&APwA3w-e &- Co" (MESSAGES 1)
                S: s OK STATUS completed
                """);
    }

    @Test
    void threadByReferences() {
        String[][] mails = {
            {"<a@x>", "", "Plans", "1"},
            {"<b@x>", "References: <a@x>\r\n", "Re: Plans", "2"},
            {"<c@x>", "In-Reply-To: <b@x>\r\n", "Re: Plans", "3"},
            {"<d@x>", "References: <a@x>\r\n", "Re: Plans", "4"},
            {"<e@x>", "", "Lunch", "5"},
            {"<f@x>", "References: <zz@x> <yy@x>\r\n", "Other", "6"},
            {"<g@x>", "References: <zz@x>\r\n", "Re: Other", "7"},
        };
        for (String[] m : mails) {
            imap.seed.deliver(USER, "Message-ID: " + m[0] + "\r\n" + m[1] + "Subject: " + m[2] + "\r\nDate: "
                    + m[3] + " Mar 2026 10:00:00 +0000\r\n\r\nx\r\n");
        }
        Client c = login();
        c.send("s SELECT INBOX\r\n");
        c.run("""
                C: t1 THREAD REFERENCES UTF-8 ALL
                S: * THREAD (1 (2 3)(4))(5)((6)(7))
                S: t1 OK THREAD completed
                C: t2 UID THREAD REFERENCES UTF-8 NOT SUBJECT lunch
                S: * THREAD (1 (2 3)(4))((6)(7))
                S: t2 OK UID THREAD completed
                """);
        // A reference loop (each message names the other as its parent) must neither hang nor lose mail.
        imap.seed.deliver(USER, "Message-ID: <p@x>\r\nReferences: <q@x>\r\nSubject: loop\r\n\r\nx\r\n");
        imap.seed.deliver(USER, "Message-ID: <q@x>\r\nReferences: <p@x>\r\nSubject: loop\r\n\r\nx\r\n");
        c.send("n NOOP\r\n");
        assertThat(c.send("t3 THREAD REFERENCES UTF-8 SUBJECT loop\r\n"))
                .matches("(?s)\\* THREAD \\((8 9|9 8)\\)\r\nt3 OK THREAD completed\r\n");
    }
}
