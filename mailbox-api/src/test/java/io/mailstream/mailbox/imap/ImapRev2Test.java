package io.mailstream.mailbox.imap;

import io.mailstream.mailbox.imap.ImapHarness.Client;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * IMAP4rev2 (RFC 9051) after {@code ENABLE IMAP4rev2}: SELECT without RECENT and UNSEEN but with a
 * LIST response, SEARCH answered by ESEARCH, mailbox names in UTF-8; and SEARCHRES (RFC 5182,
 * part of IMAP4rev2), which works with or without it.
 */
class ImapRev2Test {

    static final String USER = "fay@example.test";

    ImapHarness imap;

    @BeforeEach
    void setUp() {
        imap = new ImapHarness();
        imap.seed.user(USER, "pw");
        for (int i = 1; i <= 3; i++) {
            imap.seed.deliver(USER, "Subject: m" + i + "\r\n\r\nbody " + i + "\r\n");
        }
    }

    @Test
    void enableImap4rev2ChangesSelectSearchAndNames() {
        imap.login(USER, "pw").run("""
                C: c1 CAPABILITY
                S~ \\* CAPABILITY IMAP4rev1 IMAP4rev2 .* ESEARCH SEARCHRES STATUS=SIZE .*
                S: c1 OK CAPABILITY completed
                C: e1 ENABLE imap4rev2
                S: * ENABLED IMAP4rev2
                S: e1 OK ENABLE completed
                C: e2 ENABLE IMAP4rev2
                S: * ENABLED
                S: e2 OK ENABLE completed
                C: s1 SELECT INBOX
                S: * FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)
                S: * 3 EXISTS
                S: * LIST () "/" "INBOX"
                S~ \\* OK \\[UIDVALIDITY \\d+\\] UIDs valid
                S: * OK [UIDNEXT 4] Predicted next UID
                S: * OK [HIGHESTMODSEQ 4] Highest
                S: * OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted
                S: s1 OK [READ-WRITE] SELECT completed
                C: f1 STORE 2 +FLAGS.SILENT (\\Seen)
                S: f1 OK STORE completed
                C: f2 SEARCH UNSEEN
                S: * ESEARCH (TAG "f2") ALL 1,3
                S: f2 OK SEARCH completed
                C: f3 UID SEARCH SEEN
                S: * ESEARCH (TAG "f3") UID ALL 2
                S: f3 OK UID SEARCH completed
                C: f4 SEARCH DRAFT
                S: * ESEARCH (TAG "f4")
                S: f4 OK SEARCH completed
                C: f5 SEARCH RETURN (COUNT) ALL
                S: * ESEARCH (TAG "f5") COUNT 3
                S: f5 OK SEARCH completed
                C: n1 CREATE "Entwürfe/Grüße"
                S: n1 OK CREATE completed
                C: n2 LIST "" "Entw*"
                S: * LIST (\\HasChildren) "/" {9}
                S: Entwürfe
                S: * LIST (\\HasNoChildren) "/" {17}
                S: Entwürfe/Grüße
                S: n2 OK LIST completed
                C: n4 CREATE inbox/Lists
                S: n4 OK CREATE completed
                C: n5 LIST "" "INBOX*"
                S: * LIST (\\HasChildren) "/" "INBOX"
                S: * LIST (\\HasNoChildren) "/" "INBOX/Lists"
                S: n5 OK LIST completed
                C: n3 SELECT Drafts
                S: * OK [CLOSED] Previous mailbox closed
                S: * FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)
                S: * 0 EXISTS
                S: * LIST (\\Drafts) "/" "Drafts"
                S~ \\* OK \\[UIDVALIDITY \\d+\\] UIDs valid
                S: * OK [UIDNEXT 1] Predicted next UID
                S: * OK [HIGHESTMODSEQ 1] Highest
                S: * OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted
                S: n3 OK [READ-WRITE] SELECT completed
                """);
    }

    @Test
    void withoutEnableTheRev1FormsStay() {
        imap.login(USER, "pw").run("""
                C: s1 SELECT INBOX
                S: * FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)
                S: * 3 EXISTS
                S: * 3 RECENT
                S: * OK [UNSEEN 1] First unseen
                S~ \\* OK \\[UIDVALIDITY \\d+\\] UIDs valid
                S: * OK [UIDNEXT 4] Predicted next UID
                S: * OK [HIGHESTMODSEQ 4] Highest
                S: * OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted
                S: s1 OK [READ-WRITE] SELECT completed
                C: f1 SEARCH ALL
                S: * SEARCH 1 2 3
                S: f1 OK SEARCH completed
                """);
    }

    @Test
    void searchResultSavedForDollar() {
        Client c = imap.login(USER, "pw");
        c.send("s SELECT INBOX\r\n");
        c.run("""
                C: a0 FETCH $ (UID)
                S: a0 OK FETCH completed
                C: a1 STORE 2 +FLAGS.SILENT (\\Seen)
                S: a1 OK STORE completed
                C: a2 SEARCH RETURN (SAVE) UNSEEN
                S: a2 OK SEARCH completed
                C: a3 FETCH $ (UID)
                S: * 1 FETCH (UID 1)
                S: * 3 FETCH (UID 3)
                S: a3 OK FETCH completed
                C: a4 UID STORE $ +FLAGS.SILENT (\\Flagged)
                S: a4 OK UID STORE completed
                C: a5 SEARCH RETURN (COUNT) $ FLAGGED
                S: * ESEARCH (TAG "a5") COUNT 2
                S: a5 OK SEARCH completed
                C: a6 UID SEARCH RETURN (SAVE MIN) ALL
                S: * ESEARCH (TAG "a6") UID MIN 1
                S: a6 OK UID SEARCH completed
                C: a7 UID FETCH $ (FLAGS)
                S: * 1 FETCH (UID 1 FLAGS (\\Flagged \\Recent))
                S: a7 OK UID FETCH completed
                C: a8 SEARCH RETURN (SAVE ALL) UID 2:3
                S: * ESEARCH (TAG "a8") ALL 2:3
                S: a8 OK SEARCH completed
                C: a9 STORE $ +FLAGS.SILENT (\\Deleted)
                S: a9 OK STORE completed
                C: b1 MOVE 3 Trash
                S~ \\* OK \\[COPYUID \\d+ 3 1\\] Moved
                S: * 3 EXPUNGE
                S: b1 OK MOVE completed
                C: b2 FETCH $ (UID)
                S: * 2 FETCH (UID 2)
                S: b2 OK FETCH completed
                C: b3 SEARCH RETURN (SAVE) BODY nothing-matches-this
                S: b3 OK SEARCH completed
                C: b4 FETCH $ (UID)
                S: b4 OK FETCH completed
                C: b5 FETCH $:4 (UID)
                S~ b5 BAD .*
                """);
    }
}
