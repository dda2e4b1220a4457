package io.mailstream.mailbox.pop3;

/**
 * The standard POP3 responses in one place. Response codes in brackets are RFC 2449
 * RESP-CODES ({@code [IN-USE]}, {@code [SYS/TEMP]}) and RFC 3206 ({@code [AUTH]}, {@code [SYS/PERM]}).
 */
public final class Pop3Replies {

    public static final Pop3Reply UNKNOWN_COMMAND = Pop3Reply.err("unknown command");
    public static final Pop3Reply WRONG_STATE = Pop3Reply.err("command not valid in this state");
    public static final Pop3Reply LINE_TOO_LONG = Pop3Reply.err("line too long");
    public static final Pop3Reply NO_SUCH_MESSAGE = Pop3Reply.err("no such message");
    public static final Pop3Reply SYNTAX = Pop3Reply.err("syntax error in arguments");
    public static final Pop3Reply AUTH_FAILED = Pop3Reply.err("[AUTH] invalid user name or password");
    public static final Pop3Reply TOO_MANY_AUTH_FAILURES =
            Pop3Reply.err("[AUTH] too many failed logins, closing").thenClose();
    public static final Pop3Reply TOO_MANY_ERRORS = Pop3Reply.err("too many errors, closing").thenClose();
    public static final Pop3Reply USER_FIRST = Pop3Reply.err("send USER first");
    public static final Pop3Reply STORE_UNAVAILABLE = Pop3Reply.err("[SYS/TEMP] mail store unavailable, try later");
    public static final Pop3Reply AUTOLOGOUT = Pop3Reply.err("autologout; idle for too long").thenClose();
    public static final Pop3Reply BUSY = Pop3Reply.err("[SYS/TEMP] too many connections, try later");
    public static final Pop3Reply THROTTLED = Pop3Reply.err("[AUTH] too many failed logins, try again later");
    public static final Pop3Reply IN_USE = Pop3Reply.err("[IN-USE] maildrop already in use by another session");
    public static final Pop3Reply LOCK_LOST =
            Pop3Reply.err("[IN-USE] maildrop lock lost; no messages deleted").thenClose();
    public static final Pop3Reply PLAINTEXT_REFUSED =
            Pop3Reply.err("[AUTH] plaintext authentication disallowed on non-secure connections; use STLS");
    public static final Pop3Reply AUTH_CANCELLED = Pop3Reply.err("authentication cancelled");
    public static final Pop3Reply BAD_SASL_RESPONSE = Pop3Reply.err("invalid SASL PLAIN response");

    private Pop3Replies() {
    }

    public static Pop3Reply alreadyDeleted(int number) {
        return Pop3Reply.err("message " + number + " already deleted");
    }

    public static Pop3Reply notSupported(String verb) {
        return Pop3Reply.err(verb + " not supported");
    }

    /** The status line of STAT-like replies after login and RSET. */
    public static String dropSummary(Maildrop drop) {
        return "maildrop has " + drop.count() + " message" + (drop.count() == 1 ? "" : "s") + " (" + drop.octets()
                + " octets)";
    }
}
