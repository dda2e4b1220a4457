package io.mailstream.mailbox.imap.process;

/**
 * What this server announces. Before login the list also says how to log in: STARTTLS while the
 * connection is in clear text and the listener has a certificate, and LOGINDISABLED instead of
 * AUTH=PLAIN where credentials may not travel in clear text.
 */
public final class Capabilities {

    static final String BASE = "IMAP4rev1 IMAP4rev2 LITERAL+ SASL-IR ID ENABLE IDLE NAMESPACE UNSELECT CHILDREN"
            + " UIDPLUS MOVE MULTIAPPEND SPECIAL-USE CREATE-SPECIAL-USE LIST-EXTENDED LIST-STATUS CONDSTORE QRESYNC"
            + " ESEARCH SEARCHRES STATUS=SIZE QUOTA QUOTA=RES-STORAGE QUOTA=RES-MESSAGE BINARY SORT"
            + " THREAD=ORDEREDSUBJECT THREAD=REFERENCES"
            + " UTF8=ACCEPT";

    private Capabilities() {
    }

    public static String of(ImapContext ctx) {
        StringBuilder caps = new StringBuilder(BASE).append(" APPENDLIMIT=").append(ctx.policy().appendLimit());
        if (ctx.state() == SessionState.NOT_AUTHENTICATED) {
            if (ctx.canStartTls()) {
                caps.append(" STARTTLS");
            }
            caps.append(ctx.plaintextAuthAllowed() ? " AUTH=PLAIN" : " LOGINDISABLED");
        }
        return caps.toString();
    }
}
