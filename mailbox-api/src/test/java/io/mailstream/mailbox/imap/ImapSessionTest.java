package io.mailstream.mailbox.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailstream.mailbox.imap.ImapHarness.Client;
import io.mailstream.store.Mailbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** IMAP sessions in memory, driven by C:/S: transcripts over the real store. */
class ImapSessionTest {

    static final String USER = "alice@example.test";
    static final String PASSWORD = "s3cret pw";
    /** After login. */
    static final String CAPS = "IMAP4rev1 IMAP4rev2 LITERAL+ SASL-IR ID ENABLE IDLE NAMESPACE UNSELECT CHILDREN"
            + " UIDPLUS MOVE MULTIAPPEND SPECIAL-USE CREATE-SPECIAL-USE LIST-EXTENDED LIST-STATUS CONDSTORE QRESYNC"
            + " ESEARCH SEARCHRES STATUS=SIZE QUOTA QUOTA=RES-STORAGE QUOTA=RES-MESSAGE BINARY SORT"
            + " THREAD=ORDEREDSUBJECT THREAD=REFERENCES"
            + " UTF8=ACCEPT"
            + " APPENDLIMIT=26214400";
    /** Before login, on loopback without a certificate. */
    static final String CAPS_PRE = CAPS + " AUTH=PLAIN";

    static final String MSG1 = """
            From: Alice Example <alice@example.test>\r
            To: bob@example.test, "Carol, C." <carol@example.test>\r
            Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?= from\r
             a folded line\r
            Date: Mon, 2 Mar 2026 10:00:00 +0000\r
            Message-ID: <m1@example.test>\r
            \r
            Hello Bob\r
            ..a dotted line\r
            """;

    static final String MSG2 = """
            From: bob@example.test\r
            To: alice@example.test\r
            Subject: parts\r
            Date: Tue, 3 Mar 2026 09:00:00 +0100\r
            MIME-Version: 1.0\r
            Content-Type: multipart/mixed; boundary="b1"\r
            \r
            preamble\r
            --b1\r
            Content-Type: text/plain; charset=utf-8\r
            \r
            first part\r
            --b1\r
            Content-Type: application/octet-stream; name="a.bin"\r
            Content-Transfer-Encoding: base64\r
            Content-Disposition: attachment; filename="a.bin"\r
            \r
            AAEC\r
            --b1--\r
            epilogue\r
            """;

    ImapHarness imap;

    @BeforeEach
    void seed() {
        imap = new ImapHarness();
        imap.seed.user(USER, PASSWORD);
        imap.seed.user("bob@example.test", "bobpw");
    }

    void deliverBoth() {
        imap.seed.deliver(USER, Mailbox.INBOX, MSG1, new Date(Instant.parse("2026-03-02T10:00:05Z").toEpochMilli()),
                Set.of("\\Seen"));
        imap.seed.deliver(USER, Mailbox.INBOX, MSG2, new Date(Instant.parse("2026-03-03T08:00:00Z").toEpochMilli()),
                Set.of());
    }

    @Test
    void greetingStatesAndLogout() {
        Client c = imap.connect();
        c.run("""
                S: * OK [CAPABILITY %2$s] Mailstream IMAP ready
                C: a1 CAPABILITY
                S: * CAPABILITY %2$s
                S: a1 OK CAPABILITY completed
                C: a2 NOOP
                S: a2 OK NOOP completed
                C: a3 SELECT INBOX
                S: a3 BAD Not authenticated
                C: a4 FROBNICATE
                S: a4 BAD Unknown command
                C: a5 LOGIN "alice@example.test" "wrong"
                S: a5 NO [AUTHENTICATIONFAILED] Authentication failed
                C: a6 login "ALICE@example.test" "s3cret pw"
                S: a6 OK [CAPABILITY %1$s] Logged in
                C: a7 LOGIN alice@example.test x
                S: a7 BAD Already authenticated
                C: a8 FETCH 1 FLAGS
                S: a8 BAD No mailbox selected
                C: a9 LOGOUT
                S: * BYE Logging out
                S: a9 OK LOGOUT completed
                """.formatted(CAPS, CAPS_PRE));
        assertThat(c.closed()).isTrue();
        assertThat(imap.registry.counter("mailstream.imap.logins", "result", "success").count()).isEqualTo(1);
        assertThat(imap.registry.counter("mailstream.imap.logins", "result", "failure").count()).isEqualTo(1);
        assertThat(imap.registry.counter("mailstream.imap.commands", "command", "UNKNOWN", "result", "bad").count())
                .isEqualTo(1);
    }

    @Test
    void loginWithSynchronizingAndNonSynchronizingLiterals() {
        imap.connect().run("""
                S~ \\* OK .*
                C: a1 LOGIN {18}
                S: + Ready for literal data
                C: alice@example.test {9}
                S: + Ready for literal data
                C: s3cret pw
                S~ a1 OK \\[CAPABILITY .*\\] Logged in
                """);
        Client c = imap.connect();
        c.take();
        assertThat(c.send("a2 LOGIN {18+}\r\nalice@example.test {9+}\r\ns3cret pw\r\na3 NOOP\r\n"))
                .isEqualTo("a2 OK [CAPABILITY " + CAPS + "] Logged in\r\na3 OK NOOP completed\r\n");
    }

    @Test
    void authenticatePlainWithContinuationInitialResponseAndCancel() {
        String good = b64("\0" + USER + "\0" + PASSWORD);
        imap.connect().run("""
                S~ \\* OK .*
                C: a1 AUTHENTICATE PLAIN
                S~ \\+ ?
                C: *
                S: a1 BAD Authentication cancelled
                C: a2 AUTHENTICATE PLAIN
                S~ \\+ ?
                C: not base64!
                S: a2 BAD Invalid base64
                C: a3 AUTHENTICATE PLAIN %s
                S: a3 NO [AUTHORIZATIONFAILED] Cannot act as another user
                C: a4 AUTHENTICATE CRAM-MD5
                S: a4 NO Unsupported authentication mechanism
                C: a5 AUTHENTICATE PLAIN
                S~ \\+ ?
                C: %s
                S~ a5 OK \\[CAPABILITY .*\\] Logged in
                """.formatted(b64("bob@example.test\0" + USER + "\0" + PASSWORD), good));
        imap.connect().run("""
                S~ \\* OK .*
                C: b1 AUTHENTICATE PLAIN %s
                S~ b1 OK \\[CAPABILITY .*\\] Logged in
                C: b2 LIST "" INBOX
                S: * LIST (\\HasNoChildren) "/" "INBOX"
                S: b2 OK LIST completed
                """.formatted(good));
    }

    @Test
    void commandsSplitIntoSingleBytesAndPipelined() {
        deliverBoth();
        String script = "a1 LOGIN alice@example.test \"s3cret pw\"\r\na2 EXAMINE INBOX\r\n"
                + "a3 FETCH 1:* (UID FLAGS)\r\na4 LOGOUT\r\n";
        Client split = imap.connect();
        StringBuilder out = new StringBuilder(split.take());
        for (byte b : script.getBytes(StandardCharsets.US_ASCII)) {
            out.append(split.send(new byte[] {b}));
        }
        Client pipelined = imap.connect(); // EXAMINE claims no \Recent: both sessions see the same
        String all = pipelined.take() + pipelined.send(script);
        assertThat(out.toString()).isEqualTo(all);
        assertThat(all).containsSubsequence("a1 OK", "a2 OK [READ-ONLY]", "* 1 FETCH (UID 1 FLAGS (\\Seen \\Recent))\r\n",
                "* 2 FETCH (UID 2 FLAGS (\\Recent))\r\n", "a3 OK", "* BYE", "a4 OK");
        assertThat(split.closed()).isTrue();
    }

    @Test
    void listAndSelectAndExamine() {
        deliverBoth();
        imap.seed.mailbox(USER, "Archive");
        imap.seed.mailbox(USER, "Archive/2025");
        imap.seed.mailbox("bob@example.test", "Bobs");
        imap.login(USER, "\"s3cret pw\"").run("""
                C: l1 LIST "" *
                S: * LIST (\\HasChildren) "/" "Archive"
                S: * LIST (\\HasNoChildren) "/" "Archive/2025"
                S: * LIST (\\HasNoChildren) "/" "INBOX"
                S: l1 OK LIST completed
                C: l2 LIST "" %
                S: * LIST (\\HasChildren) "/" "Archive"
                S: * LIST (\\HasNoChildren) "/" "INBOX"
                S: l2 OK LIST completed
                C: l3 LIST "" ""
                S: * LIST (\\Noselect) "/" ""
                S: l3 OK LIST completed
                C: l4 LIST "Archive/" %
                S: * LIST (\\HasNoChildren) "/" "Archive/2025"
                S: l4 OK LIST completed
                C: s1 SELECT inbox
                S: * FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)
                S: * 2 EXISTS
                S: * 2 RECENT
                S: * OK [UNSEEN 2] First unseen
                S~ \\* OK \\[UIDVALIDITY \\d+\\] UIDs valid
                S: * OK [UIDNEXT 3] Predicted next UID
                S~ \\* OK \\[HIGHESTMODSEQ \\d+\\] Highest
                S: * OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted
                S: s1 OK [READ-WRITE] SELECT completed
                C: s2 EXAMINE Bobs
                S: s2 NO [NONEXISTENT] No such mailbox
                C: s3 FETCH 1 FLAGS
                S: s3 BAD No mailbox selected
                C: s4 EXAMINE INBOX
                S: * FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)
                S: * 2 EXISTS
                S: * 0 RECENT
                S: * OK [UNSEEN 2] First unseen
                S~ \\* OK \\[UIDVALIDITY \\d+\\] UIDs valid
                S: * OK [UIDNEXT 3] Predicted next UID
                S~ \\* OK \\[HIGHESTMODSEQ \\d+\\] Highest
                S: * OK [PERMANENTFLAGS ()] Read-only mailbox
                S: s4 OK [READ-ONLY] EXAMINE completed
                C: s5 FETCH 2 BODY[TEXT]<0.8>
                S: * 2 FETCH (BODY[TEXT]<0> {8}
                S: preamble)
                S: s5 OK FETCH completed
                C: s6 STORE 2 +FLAGS (\\Flagged)
                S: s6 NO [READ-ONLY] Mailbox is read-only
                C: s7 STATUS INBOX (MESSAGES UNSEEN UIDNEXT)
                S: * STATUS "INBOX" (MESSAGES 2 UNSEEN 1 UIDNEXT 3)
                S: s7 OK STATUS completed
                """);
    }

    @Test
    void firstLoginCreatesAnEmptyInbox() {
        imap.login("bob@example.test", "bobpw").run("""
                C: s1 SELECT INBOX
                S: * FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)
                S: * 0 EXISTS
                S: * 0 RECENT
                S~ \\* OK \\[UIDVALIDITY \\d+\\] UIDs valid
                S: * OK [UIDNEXT 1] Predicted next UID
                S~ \\* OK \\[HIGHESTMODSEQ \\d+\\] Highest
                S~ \\* OK \\[PERMANENTFLAGS .*
                S: s1 OK [READ-WRITE] SELECT completed
                C: f1 FETCH 1:* FLAGS
                S: f1 OK FETCH completed
                C: f2 FETCH 1 FLAGS
                S: f2 BAD Invalid message sequence number
                """);
    }

    @Test
    void fetchRecordItemsEnvelopeAndBodies() {
        deliverBoth();
        Client c = imap.login(USER, "\"s3cret pw\"");
        c.send("s SELECT INBOX\r\n");
        int header = MSG1.indexOf("\r\n\r\n") + 4;
        c.run("""
                C: f1 FETCH 1 (UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE)
                S: * 1 FETCH (UID 1 FLAGS (\\Seen \\Recent) INTERNALDATE "02-Mar-2026 10:00:05 +0000" RFC822.SIZE %d \
                ENVELOPE ("Mon, 2 Mar 2026 10:00:00 +0000" "=?UTF-8?Q?Gr=C3=BC=C3=9Fe?= from a folded line" \
                (("Alice Example" NIL "alice" "example.test")) (("Alice Example" NIL "alice" "example.test")) \
                (("Alice Example" NIL "alice" "example.test")) ((NIL NIL "bob" "example.test")\
                ("Carol, C." NIL "carol" "example.test")) NIL NIL NIL "<m1@example.test>"))
                S: f1 OK FETCH completed
                C: f2 UID FETCH 1 (RFC822.HEADER BODY.PEEK[HEADER.FIELDS (Subject DATE)])
                S: * 1 FETCH (UID 1 RFC822.HEADER {%d}
                S: From: Alice Example <alice@example.test>
                S: To: bob@example.test, "Carol, C." <carol@example.test>
                S: Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?= from
                S:  a folded line
                S: Date: Mon, 2 Mar 2026 10:00:00 +0000
                S: Message-ID: <m1@example.test>
                S:
                S:  BODY[HEADER.FIELDS (Subject DATE)] {99}
                S: Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?= from
                S:  a folded line
                S: Date: Mon, 2 Mar 2026 10:00:00 +0000
                S:
                S: )
                S: f2 OK UID FETCH completed
                C: f3 FETCH 2 (BODY.PEEK[1] BODY.PEEK[2.MIME] BODY.PEEK[3])
                S: * 2 FETCH (BODY[1] {10}
                S: first part BODY[2.MIME] {142}
                S: Content-Type: application/octet-stream; name="a.bin"
                S: Content-Transfer-Encoding: base64
                S: Content-Disposition: attachment; filename="a.bin"
                S:
                S:  BODY[3] NIL)
                S: f3 OK FETCH completed
                C: f4 FETCH 2 (BODY BODYSTRUCTURE)
                S: * 2 FETCH (BODY (("TEXT" "PLAIN" ("charset" "utf-8") NIL NIL "7BIT" 10 1)\
                ("APPLICATION" "OCTET-STREAM" ("name" "a.bin") NIL NIL "BASE64" 4) "MIXED") \
                BODYSTRUCTURE (("TEXT" "PLAIN" ("charset" "utf-8") NIL NIL "7BIT" 10 1 NIL NIL NIL NIL)\
                ("APPLICATION" "OCTET-STREAM" ("name" "a.bin") NIL NIL "BASE64" 4 NIL \
                ("attachment" ("filename" "a.bin")) NIL NIL) "MIXED" ("boundary" "b1") NIL NIL NIL))
                S: f4 OK FETCH completed
                """.formatted(MSG1.length(), header));
        // Without PEEK the body read marks the message \\Seen and says so; the store keeps it.
        String body = MSG2.substring(MSG2.indexOf("\r\n\r\n") + 4);
        assertThat(c.send("f5 FETCH 2 BODY[TEXT]\r\n"))
                .isEqualTo("* 2 FETCH (BODY[TEXT] {" + body.length() + "}\r\n" + body + " FLAGS (\\Seen \\Recent))\r\n"
                        + "f5 OK FETCH completed\r\n");
        assertThat(c.send("f6 FETCH 2 RFC822\r\n"))
                .isEqualTo("* 2 FETCH (RFC822 {" + MSG2.length() + "}\r\n" + MSG2 + ")\r\nf6 OK FETCH completed\r\n");
        assertThat(imap.access.messages(imap.access.inbox(USER)).get(1).flags()).containsExactly("\\Seen");
        assertThat(c.send("f7 FETCH 1 FAST\r\n")).isEqualTo(
                "* 1 FETCH (FLAGS (\\Seen \\Recent) INTERNALDATE \"02-Mar-2026 10:00:05 +0000\" RFC822.SIZE " + MSG1.length()
                        + ")\r\nf7 OK FETCH completed\r\n");
        assertThat(c.send("f8 FETCH 1 (BODY[] FLAGS)\r\n")).isEqualTo(
                "* 1 FETCH (BODY[] {" + MSG1.length() + "}\r\n" + MSG1 + " FLAGS (\\Seen \\Recent))\r\nf8 OK FETCH completed\r\n");
        assertThat(c.send("f9 FETCH 1 (BODY[TEXT]<4.100> BODY.PEEK[]<0.4>)\r\n")).isEqualTo(
                "* 1 FETCH (BODY[TEXT]<4> {24}\r\no Bob\r\n..a dotted line\r\n BODY[]<0> {4}\r\nFrom)\r\n"
                        + "f9 OK FETCH completed\r\n");
        assertThat(c.send("f10 FETCH 1 (FLAGS BODY[MIME])\r\n")).startsWith("f10 BAD Invalid arguments");
        assertThat(c.send("f11 FETCH 1:3 FLAGS\r\n")).isEqualTo("f11 BAD Invalid message sequence number\r\n");
        assertThat(c.send("f12 UID FETCH 2:9 UID\r\n")).isEqualTo("* 2 FETCH (UID 2)\r\nf12 OK UID FETCH completed\r\n");
        assertThat(c.send("f13 UID FETCH 7:* UID\r\n")).isEqualTo("* 2 FETCH (UID 2)\r\nf13 OK UID FETCH completed\r\n");
    }

    @Test
    void storeFlagsAndSearch() {
        deliverBoth();
        Client c = imap.login(USER, "\"s3cret pw\"");
        c.send("s SELECT INBOX\r\n");
        c.run("""
                C: t1 STORE 2 +FLAGS (\\Flagged $Work)
                S: * 2 FETCH (FLAGS (\\Flagged \\Recent $Work))
                S: t1 OK STORE completed
                C: t2 STORE 1:2 -FLAGS.SILENT (\\seen)
                S: t2 OK STORE completed
                C: t3 UID STORE 1 FLAGS (\\Answered \\Recent)
                S: * 1 FETCH (UID 1 FLAGS (\\Answered \\Recent))
                S: t3 OK UID STORE completed
                C: t4 STORE 1 +FLAGS (\\Bogus)
                S: t4 BAD Invalid system flag \\Bogus
                C: q1 SEARCH ALL
                S: * SEARCH 1 2
                S: q1 OK SEARCH completed
                C: q2 SEARCH FLAGGED
                S: * SEARCH 2
                S: q2 OK SEARCH completed
                C: q3 SEARCH UNSEEN ANSWERED
                S: * SEARCH 1
                S: q3 OK SEARCH completed
                C: q4 SEARCH OR ANSWERED KEYWORD $work
                S: * SEARCH 1 2
                S: q4 OK SEARCH completed
                C: q5 UID SEARCH NOT FROM bob
                S: * SEARCH 1
                S: q5 OK UID SEARCH completed
                C: q6 SEARCH SUBJECT "GRÜSSE"
                S: * SEARCH
                S: q6 OK SEARCH completed
                C: q7 SEARCH SUBJECT "grüße" TO carol
                S: * SEARCH 1
                S: q7 OK SEARCH completed
                C: q8 SEARCH HEADER Message-ID m1@ LARGER 10 SMALLER 100000
                S: * SEARCH 1
                S: q8 OK SEARCH completed
                C: q9 SEARCH BODY "dotted line"
                S: * SEARCH 1
                S: q9 OK SEARCH completed
                C: q10 SEARCH TEXT "first PART"
                S: * SEARCH 2
                S: q10 OK SEARCH completed
                C: q11 SEARCH SINCE 3-Mar-2026
                S: * SEARCH 2
                S: q11 OK SEARCH completed
                C: q12 SEARCH BEFORE "3-Mar-2026" SENTON 2-Mar-2026
                S: * SEARCH 1
                S: q12 OK SEARCH completed
                C: q13 UID SEARCH UID 2:* DELETED
                S: * SEARCH
                S: q13 OK UID SEARCH completed
                C: q14 SEARCH (2 UNDELETED) NOT NEW
                S: * SEARCH
                S: q14 OK SEARCH completed
                C: q15 SEARCH CHARSET KOI8-R SUBJECT x
                S: q15 NO [BADCHARSET (UTF-8 US-ASCII)] Unsupported charset
                C: q16 SEARCH CHARSET UTF-8 SUBJECT {5}
                S: + Ready for literal data
                C: parts
                S: * SEARCH 2
                S: q16 OK SEARCH completed
                C: q17 SEARCH FROBS
                S: q17 BAD Invalid arguments: Unknown search key FROBS
                """);
    }

    @Test
    void expungeCloseAndUnselect() {
        deliverBoth();
        imap.seed.deliver(USER, "From: x@example.test\r\nSubject: three\r\n\r\n3\r\n");
        Client c = imap.login(USER, "\"s3cret pw\"");
        c.send("s SELECT INBOX\r\n");
        c.run("""
                C: e1 STORE 1,3 +FLAGS.SILENT (\\Deleted)
                S: e1 OK STORE completed
                C: e2 EXPUNGE
                S: * 3 EXPUNGE
                S: * 1 EXPUNGE
                S: e2 OK EXPUNGE completed
                C: e3 FETCH 1:* UID
                S: * 1 FETCH (UID 2)
                S: e3 OK FETCH completed
                C: e4 STORE 1 +FLAGS.SILENT (\\Deleted)
                S: e4 OK STORE completed
                C: e5 UNSELECT
                S: e5 OK UNSELECT completed
                C: e6 EXAMINE INBOX
                S: * FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)
                S: * 1 EXISTS
                S: * 0 RECENT
                S: * OK [UNSEEN 1] First unseen
                S~ \\* OK \\[UIDVALIDITY \\d+\\] UIDs valid
                S: * OK [UIDNEXT 4] Predicted next UID
                S~ \\* OK \\[HIGHESTMODSEQ \\d+\\] Highest
                S: * OK [PERMANENTFLAGS ()] Read-only mailbox
                S: e6 OK [READ-ONLY] EXAMINE completed
                C: e7 EXPUNGE
                S: e7 NO [READ-ONLY] Mailbox is read-only
                C: e8 CLOSE
                S: e8 OK CLOSE completed
                C: e9 SELECT INBOX
                S~ .*
                S: * 1 EXISTS
                S~ .*
                S~ .*
                S~ .*
                S~ .*
                S~ .*
                S~ .*
                S: e9 OK [READ-WRITE] SELECT completed
                C: e10 CLOSE
                S: e10 OK CLOSE completed
                C: e11 STATUS INBOX (MESSAGES)
                S: * STATUS "INBOX" (MESSAGES 0)
                S: e11 OK STATUS completed
                """);
    }

    @Test
    void changesFromOtherSessionsAppearOnlyWhereAllowed() {
        deliverBoth();
        Client one = imap.login(USER, "\"s3cret pw\"");
        Client two = imap.login(USER, "\"s3cret pw\"");
        one.send("s SELECT INBOX\r\n");
        two.send("s SELECT INBOX\r\n");
        imap.seed.deliver(USER, "Subject: new\r\n\r\nnew\r\n");
        one.run("""
                C: n1 NOOP
                S: * 3 EXISTS
                S: * 3 RECENT
                S: n1 OK NOOP completed
                C: n2 NOOP
                S: n2 OK NOOP completed
                """);
        two.run("""
                C: x1 STORE 1 +FLAGS.SILENT (\\Deleted)
                S: * 3 EXISTS
                S: * 0 RECENT
                S: x1 OK STORE completed
                C: x2 STORE 2 +FLAGS.SILENT (\\Answered)
                S: x2 OK STORE completed
                C: x3 EXPUNGE
                S: * 1 EXPUNGE
                S: x3 OK EXPUNGE completed
                """);
        // By sequence number, FETCH/STORE/SEARCH must not renumber: the expunge waits.
        one.run("""
                C: f1 FETCH 1:* (UID)
                S: * 1 FETCH (UID 1)
                S: * 2 FETCH (UID 2)
                S: * 3 FETCH (UID 3)
                S: f1 OK FETCH completed
                C: f2 SEARCH ALL
                S: * SEARCH 1 2 3
                S: f2 OK SEARCH completed
                C: f3 UID FETCH 3 UID
                S: * 3 FETCH (UID 3)
                S: * 1 EXPUNGE
                S: * 1 FETCH (UID 2 FLAGS (\\Answered \\Recent))
                S: f3 OK UID FETCH completed
                C: f4 FETCH 1:* UID
                S: * 1 FETCH (UID 2)
                S: * 2 FETCH (UID 3)
                S: f4 OK FETCH completed
                """);
    }

    @Test
    void limitsAndGarbage() {
        imap.limits = new ImapLimits(1000, 64 * 1024, 8, 3);
        Client c = imap.connect();
        c.run("""
                S~ \\* OK .*
                C:
                S: * BAD Empty command line
                C: (
                S: * BAD Invalid tag
                C: abc
                S: abc BAD Missing or invalid command
                C: a1 LOGIN {9000}
                S: a1 BAD Literal too large
                C: a2 LOGIN "unterminated
                S: a2 BAD Invalid arguments: Unterminated quoted string
                C: a3 NOOP
                S: a3 OK NOOP completed
                """);
        assertThat(c.send("x".repeat(1500) + "\r\na4 NOOP\r\n"))
                .isEqualTo("* BAD Command line too long\r\na4 OK NOOP completed\r\n");
        assertThat(c.send("a5 LOGIN {9000+}\r\n")).isEqualTo("* BYE Literal too large\r\n");
        assertThat(c.closed()).isTrue();
        assertThat(c.send("a6 NOOP\r\n")).isEmpty();

        Client bad = imap.connect();
        bad.take();
        assertThat(bad.send("1 X\r\n2 X\r\n3 X\r\n4 X\r\n5 X\r\n6 X\r\n7 X\r\n8 X\r\n9 NOOP\r\n"))
                .endsWith("8 BAD Unknown command\r\n* BYE Too many invalid commands\r\n");
        assertThat(bad.closed()).isTrue();

        Client guesser = imap.connect();
        guesser.take();
        assertThat(guesser.send("1 LOGIN alice@example.test a\r\n2 LOGIN alice@example.test b\r\n"
                + "3 LOGIN alice@example.test c\r\n4 LOGIN alice@example.test s3cret\r\n"))
                .endsWith("3 NO [AUTHENTICATIONFAILED] Authentication failed\r\n* BYE Too many authentication failures\r\n");
        assertThat(guesser.closed()).isTrue();
    }

    @Test
    void idleTimeoutSaysByeAndCloses() {
        Client c = imap.connect();
        c.take();
        c.session.onIdleTimeout(c.connection);
        assertThat(c.take()).isEqualTo("* BYE Autologout; idle for too long\r\n");
        assertThat(c.closed()).isTrue();
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
