package io.mailstream.mailbox.pop3;

import io.mailstream.mailbox.access.MailboxAccess;
import io.mailstream.store.BlobStore;
import io.mailstream.store.Directory;
import io.mailstream.store.Mailbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Optional;

/**
 * What a POP3 session needs from the mail store: check a login, snapshot the INBOX, read message
 * octets, remove messages at QUIT. Every method may block and may throw
 * {@link io.mailstream.store.StoreException}, which the session answers with {@code [SYS/TEMP]}.
 *
 * <p>Not yet here (issue 7): the maildrop lock that keeps two sessions, on any instance, from
 * opening the same maildrop at once. Until then two sessions see independent snapshots and a
 * message deleted by one is simply gone for the other's QUIT.
 *
 * <p>Application-scoped (a client proxy) so that the store beans behind it, which touch MongoDB
 * when created, are created by the first session rather than at startup: the listener comes up
 * while MongoDB is still unreachable.
 */
@ApplicationScoped
public class MaildropService {

    private final Directory directory;
    private final MailboxAccess access;
    private final BlobStore blobs;

    @Inject
    public MaildropService(Directory directory, MailboxAccess access, BlobStore blobs) {
        this.directory = directory;
        this.access = access;
        this.blobs = blobs;
    }

    /** The account key when login and password match an enabled account. */
    public Optional<String> authenticate(String login, String password) {
        return directory.authenticate(login, password);
    }

    /** The owner's INBOX (created on first use) as it is now. */
    public Maildrop open(String owner) {
        Mailbox inbox = access.inbox(owner);
        return new Maildrop(inbox, access.messages(inbox));
    }

    /** The stored octets of a message, or empty if the blob is gone. */
    public Optional<byte[]> read(String blobId) {
        return blobs.get(blobId);
    }

    /**
     * Removes the given messages from the mailbox; returns how many were still there. Shared with
     * IMAP's EXPUNGE, so the mailbox's MODSEQ moves and IMAP sessions notice.
     */
    public long expunge(Mailbox mailbox, List<Long> uids) {
        return access.expunge(mailbox, uids);
    }
}
