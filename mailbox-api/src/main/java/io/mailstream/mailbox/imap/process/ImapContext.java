package io.mailstream.mailbox.imap.process;

import io.mailstream.mailbox.access.MailboxAccess;
import io.mailstream.store.Directory;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The connection-scoped state processors read and change: the protocol state, the authenticated
 * account, the selected mailbox; and the way to send untagged responses.
 */
public final class ImapContext {

    private final MailboxAccess access;
    private final Directory directory;
    private final Consumer<byte[]> out;
    private SessionState state = SessionState.NOT_AUTHENTICATED;
    private String user;
    private SelectedMailbox selected;

    public ImapContext(MailboxAccess access, Directory directory, Consumer<byte[]> out) {
        this.access = access;
        this.directory = directory;
        this.out = out;
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

    /** The selected mailbox; only called by processors that run in the SELECTED state. */
    public SelectedMailbox selected() {
        return selected;
    }

    /** Writes {@code * text CRLF}. */
    public void untagged(String text) {
        out.accept(("* " + text + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Writes a complete response (may contain literals) as built. */
    public void write(byte[] response) {
        out.accept(response);
    }

    /**
     * Checks credentials; on success the session is authenticated and the user has an INBOX even
     * if no mail was ever delivered.
     */
    public Completion authenticate(String login, String password) {
        Optional<String> account = directory.authenticate(login, password);
        if (account.isEmpty()) {
            return Completion.no("AUTHENTICATIONFAILED", "Authentication failed");
        }
        access.inbox(account.get());
        user = account.get();
        state = SessionState.AUTHENTICATED;
        return Completion.ok("CAPABILITY " + Capabilities.LIST, "Logged in");
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
}
