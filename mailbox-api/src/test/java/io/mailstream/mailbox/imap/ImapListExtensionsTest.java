package io.mailstream.mailbox.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailstream.mailbox.imap.ImapHarness.Client;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RENAME's OLDNAME LIST data for IMAP4rev2 clients (RFC 9051 6.3.9.7, RFC 5465 5.4) and the
 * LIST-EXTENDED REMOTE selection option on a server without remote mailboxes (RFC 5258 3.1).
 */
class ImapListExtensionsTest {

    static final String USER = "olga@example.test";

    ImapHarness imap;

    @BeforeEach
    void setUp() {
        imap = new ImapHarness();
        imap.seed.user(USER, "pw");
    }

    @Test
    void renameTellsImap4rev2ClientsTheOldNameOfEveryMovedMailbox() {
        imap.login(USER, "pw").run("""
                C: e1 ENABLE IMAP4rev2
                S: * ENABLED IMAP4rev2
                S: e1 OK ENABLE completed
                C: c1 CREATE "Projekte/Entwürfe"
                S: c1 OK CREATE completed
                C: r1 RENAME Projekte Ablage/Alt
                S: * LIST () "/" "Ablage/Alt" ("OLDNAME" ("Projekte"))
                S: * LIST () "/" {20}
                S: Ablage/Alt/Entwürfe ("OLDNAME" ({18}
                S: Projekte/Entwürfe))
                S: r1 OK RENAME completed
                C: r2 RENAME Nowhere Somewhere
                S: r2 NO [NONEXISTENT] No such mailbox
                C: r3 RENAME INBOX Gerettet
                S: r3 OK RENAME completed
                """);
    }

    @Test
    void imap4rev1ClientsGetNoUnsolicitedListOnRename() {
        imap.login(USER, "pw").run("""
                C: c1 CREATE Projekte
                S: c1 OK CREATE completed
                C: r1 RENAME Projekte Ablage
                S: r1 OK RENAME completed
                C: l1 LIST "" "Ablage"
                S: * LIST (\\HasNoChildren) "/" "Ablage"
                S: l1 OK LIST completed
                """);
    }

    @Test
    void remoteSelectionOptionListsTheLocalMailboxesAndNoneIsRemote() {
        Client c = imap.login(USER, "pw");
        String plain = c.send("l0 LIST \"\" \"*\"\r\n");
        String remote = c.send("l1 LIST (REMOTE) \"\" \"*\"\r\n");
        assertThat(remote).isEqualTo(plain.replace("l0 OK", "l1 OK")).contains("\"INBOX\"", "\"Sent\"")
                .doesNotContainIgnoringCase("\\Remote");
        c.run("""
                C: l2 LIST (REMOTE SUBSCRIBED) "" "INBOX"
                S: * LIST (\\HasNoChildren \\Subscribed) "/" "INBOX"
                S: l2 OK LIST completed
                C: l3 LIST (remote) "" "INBOX" RETURN (CHILDREN)
                S: * LIST (\\HasNoChildren) "/" "INBOX"
                S: l3 OK LIST completed
                C: l4 LIST (RECURSIVEMATCH REMOTE) "" "*"
                S: l4 BAD Invalid arguments: RECURSIVEMATCH needs another selection option
                C: l5 LIST (RECURSIVEMATCH) "" "*"
                S: l5 BAD Invalid arguments: RECURSIVEMATCH needs another selection option
                C: l6 LIST (FROBS) "" "*"
                S: l6 BAD Invalid arguments: Unknown LIST selection option FROBS
                C: l7 LIST () "" "INBOX"
                S: * LIST (\\HasNoChildren) "/" "INBOX"
                S: l7 OK LIST completed
                """);
    }
}
