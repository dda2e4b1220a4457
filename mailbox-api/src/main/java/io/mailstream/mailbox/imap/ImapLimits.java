package io.mailstream.mailbox.imap;

/**
 * Hard limits of one IMAP session.
 *
 * @param maxLineLength   octets of one command line (without literals); longer lines get BAD
 * @param maxLiteralSize  octets of one literal once authenticated (before: {@link #PRE_AUTH_LITERAL})
 * @param maxBadCommands  BAD responses after which the session is closed with BYE
 * @param maxFailedLogins failed LOGIN/AUTHENTICATE attempts after which the session is closed
 */
public record ImapLimits(int maxLineLength, int maxLiteralSize, int maxBadCommands, int maxFailedLogins) {

    /** Before authentication only credentials travel as literals; nothing larger is accepted. */
    public static final int PRE_AUTH_LITERAL = 8 * 1024;

    public static ImapLimits defaults() {
        return new ImapLimits(8 * 1024, 64 * 1024, 50, 3);
    }

    /** All octets of one command: its lines and literals. */
    public long maxCommandSize() {
        return (long) maxLiteralSize + 64 * 1024;
    }
}
