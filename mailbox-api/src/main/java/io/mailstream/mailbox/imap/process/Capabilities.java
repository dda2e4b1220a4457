package io.mailstream.mailbox.imap.process;

/**
 * What this server announces. Plain-text LOGIN and AUTHENTICATE PLAIN are offered without TLS for
 * now: STARTTLS, implicit TLS and LOGINDISABLED come with the TLS work (issue 6).
 */
public final class Capabilities {

    public static final String LIST = "IMAP4rev1 LITERAL+ SASL-IR AUTH=PLAIN UNSELECT CHILDREN";

    private Capabilities() {
    }
}
