package io.mailstream.mailbox.imap.process;

import io.mailstream.mailbox.access.MailboxAccess;
import io.mailstream.mailbox.access.MailboxNames;
import io.mailstream.mailbox.imap.encode.ModifiedUtf7;
import io.mailstream.net.Connection;
import io.mailstream.store.Authenticator;
import io.mailstream.store.StoreException;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The connection-scoped state processors read and change: the protocol state, the authenticated
 * account, the selected mailbox, the extensions the client enabled; and the way to send untagged
 * responses.
 */
public final class ImapContext {

    private final MailboxAccess access;
    private final Authenticator authenticator;
    private final Connection connection;
    private final SessionPolicy policy;
    private final IdleHook idle;
    private final AccountLimits limits;
    private final Set<String> enabled = new HashSet<>();
    private SessionState state = SessionState.NOT_AUTHENTICATED;
    private String user;
    /** This session's place in its account's session count, from login to the end of the connection. */
    private AccountLimits.Session session;
    private SelectedMailbox selected;

    public ImapContext(MailboxAccess access, Authenticator authenticator, Connection connection,
            SessionPolicy policy, IdleHook idle, AccountLimits limits) {
        this.limits = limits;
        this.access = access;
        this.authenticator = authenticator;
        this.connection = connection;
        this.policy = policy;
        this.idle = idle;
    }

    public SessionState state() {
        return state;
    }

    /** The account key (owner of mailboxes) once authenticated. */
    public String user() {
        return user;
    }

    public MailboxAccess access() {
        return access;
    }

    public SessionPolicy policy() {
        return policy;
    }

    public IdleHook idle() {
        return idle;
    }

    public AccountLimits limits() {
        return limits;
    }

    /** The selected mailbox; only called by processors that run in the SELECTED state. */
    public SelectedMailbox selected() {
        return selected;
    }

    public boolean canStartTls() {
        return connection.canStartTls() && !connection.isSecure();
    }

    /** Whether a password may be sent now: under TLS, or in clear text from loopback if allowed. */
    public boolean plaintextAuthAllowed() {
        return connection.isSecure() || (policy.plaintextOnLoopback() && isLoopback(connection.remoteAddress()));
    }

    static final String UTF8 = "UTF8=ACCEPT";
    public static final String IMAP4REV2 = "IMAP4rev2";

    /**
     * ENABLE (RFC 5161): CONDSTORE, QRESYNC (which implies CONDSTORE), UTF8=ACCEPT, IMAP4rev2 (RFC
     * 9051: ESEARCH replies to SEARCH, no RECENT, mailbox names in UTF-8), in any case.
     */
    public boolean enable(String extension) {
        extension = canonical(extension);
        if (!extension.equals(UTF8) && !extension.equals("CONDSTORE") && !extension.equals("QRESYNC")
                && !extension.equals(IMAP4REV2)) {
            return false;
        }
        boolean added = enabled.add(extension);
        if (extension.equals("QRESYNC")) {
            enabled.add("CONDSTORE");
        }
        return added;
    }

    public boolean enabled(String extension) {
        return enabled.contains(extension);
    }

    /** The spelling an extension is enabled and reported under ({@code IMAP4rev2}, else upper case). */
    public static String canonical(String extension) {
        return extension.equalsIgnoreCase(IMAP4REV2) ? IMAP4REV2 : extension.toUpperCase(java.util.Locale.ROOT);
    }

    /** Writes {@code * text CRLF}. */
    public void untagged(String text) {
        connection.write(("* " + text + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Writes a complete response (may contain literals) as built. */
    public void write(byte[] response) {
        connection.write(response);
    }

    /**
     * Checks credentials through the shared, throttled check; on success the session is
     * authenticated and the account has its INBOX (and, at its first login, the special-use
     * mailboxes).
     */
    public Completion authenticate(String login, String password) {
        if (!plaintextAuthAllowed()) {
            return Completion.no("PRIVACYREQUIRED", "Use STARTTLS or port 993 to log in");
        }
        Authenticator.Result result = authenticator.authenticate(login, password, connection.remoteAddress());
        switch (result.outcome()) {
            case SUCCESS -> {
                String account = result.account().orElseThrow();
                if (session != null) { // an earlier LOGIN that failed after counting (store error)
                    session.close();
                    session = null;
                }
                Optional<AccountLimits.Session> counted;
                try {
                    counted = limits.openSession(account);
                } catch (StoreException e) {
                    // Like Dovecot when its session count is unreachable: a temporary failure, not a way around the limit.
                    return Completion.no("UNAVAILABLE", "Temporary failure, try again later");
                }
                if (counted.isEmpty()) {
                    return Completion.no("LIMIT", "Too many sessions for this account");
                }
                session = counted.get();
                user = account;
                access.provision(user);
                state = SessionState.AUTHENTICATED;
                return Completion.ok("CAPABILITY " + Capabilities.of(this), "Logged in");
            }
            case THROTTLED -> {
                return Completion.no("UNAVAILABLE", "Too many failed logins, try again later");
            }
            case UNAVAILABLE -> {
                return Completion.no("UNAVAILABLE", "Temporary failure, try again later");
            }
            default -> {
                return Completion.no("AUTHENTICATIONFAILED", "Authentication failed");
            }
        }
    }

    /** A mailbox name as the client wrote it (modified UTF-7), decoded and with INBOX canonical. */
    public String mailboxName(String wire) {
        try {
            return MailboxNames.canonical(decodeName(wire));
        } catch (IllegalArgumentException e) {
            throw ImapException.no("CANNOT", "Invalid mailbox name encoding");
        }
    }

    /** A name for a mailbox to be created: decoded and checked against {@link MailboxNames}. */
    public String newMailboxName(String wire) {
        String name = mailboxName(wire);
        if (name.length() > 1 && name.charAt(name.length() - 1) == MailboxNames.DELIMITER) {
            name = name.substring(0, name.length() - 1); // RFC 3501 6.3.3: a trailing delimiter is dropped
        }
        try {
            return MailboxNames.validate(name);
        } catch (MailboxNames.InvalidName e) {
            throw ImapException.no("CANNOT", e.getMessage());
        }
    }

    /**
     * A stored name as it goes on the wire: modified UTF-7, or UTF-8 after ENABLE UTF8=ACCEPT (RFC
     * 6855) or ENABLE IMAP4rev2 (RFC 9051 5.1).
     */
    public String wireName(String name) {
        return utf8Names() ? name : ModifiedUtf7.encode(name);
    }

    /** A name or pattern from the client, as stored (throws IllegalArgumentException if malformed). */
    public String decodeName(String wire) {
        return utf8Names() ? wire : ModifiedUtf7.decode(wire);
    }

    private boolean utf8Names() {
        return enabled(UTF8) || enabled(IMAP4REV2);
    }

    public void select(SelectedMailbox mailbox) {
        selected = mailbox;
        state = SessionState.SELECTED;
    }

    public void deselect() {
        if (selected != null) {
            selected = null;
            state = SessionState.AUTHENTICATED;
        }
    }

    public void logout() {
        selected = null;
        state = SessionState.LOGOUT;
    }

    /** The connection is gone: the account's session count goes down. */
    public void closed() {
        if (session != null) {
            session.close();
            session = null;
        }
        user = null;
    }

    private static boolean isLoopback(String address) {
        if (address == null || address.isEmpty() || !(Character.isDigit(address.charAt(0)) || address.contains(":"))) {
            return false; // only literal addresses: never a name lookup
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
