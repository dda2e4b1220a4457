package io.mailstream.mailbox.pop3;

import com.mongodb.client.MongoDatabase;

import io.mailstream.mailbox.access.MailboxAccess;
import io.mailstream.store.Authenticator;
import io.mailstream.store.BlobStore;
import io.mailstream.store.Mailbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What a POP3 session needs from the mail store: check a login, lock and snapshot the INBOX, read
 * message octets, remove messages at QUIT. Every method may block and may throw
 * {@link io.mailstream.store.StoreException}, which the session answers with {@code [SYS/TEMP]}.
 *
 * <p>Application-scoped (a client proxy) so that the store beans behind it, which touch MongoDB
 * when created, are created by the first session rather than at startup: the listener comes up
 * while MongoDB is still unreachable.
 */
@ApplicationScoped
public class MaildropService {

    private final Authenticator authenticator;
    private final MailboxAccess access;
    private final BlobStore blobs;
    private final MaildropLocks locks;
    private final long readAheadBytes;

    @Inject
    public MaildropService(Authenticator authenticator, MailboxAccess access, BlobStore blobs, MongoDatabase db,
            Pop3Config config) {
        this(authenticator, access, blobs, new MaildropLocks(db, instanceId(),
                Duration.ofSeconds(config.lockTtlSeconds()), Clock.systemUTC()), config.readAheadBytes());
    }

    /** With the default read-ahead budget (tests, benchmarks). */
    public MaildropService(Authenticator authenticator, MailboxAccess access, BlobStore blobs, MaildropLocks locks) {
        this(authenticator, access, blobs, locks, Pop3Config.DEFAULT_READ_AHEAD_BYTES);
    }

    public MaildropService(Authenticator authenticator, MailboxAccess access, BlobStore blobs, MaildropLocks locks,
            long readAheadBytes) {
        this.authenticator = authenticator;
        this.access = access;
        this.blobs = blobs;
        this.locks = locks;
        this.readAheadBytes = readAheadBytes;
    }

    /** The shared credential check (throttled per client and per account). */
    public Authenticator.Result authenticate(String login, String password, String clientAddress) {
        return authenticator.authenticate(login, password, clientAddress);
    }

    /** Locks the owner's maildrop for a session; false when another session, on any instance, has it. */
    public boolean lock(String owner, String sessionId) {
        return locks.acquire(owner, sessionId);
    }

    /** True while the session still holds its lock (checked before deleting at QUIT). */
    public boolean stillLocked(String owner, String sessionId) {
        return locks.refresh(owner, sessionId);
    }

    public void unlock(String owner, String sessionId) {
        locks.release(owner, sessionId);
    }

    /** Keeps the locks of this instance's live sessions from expiring. */
    public void heartbeat() {
        locks.heartbeat();
    }

    /** The owner's INBOX (created on first use) as it is now. */
    public Maildrop open(String owner) {
        Mailbox inbox = access.inbox(owner);
        long ticket = access.ticket();
        return new Maildrop(inbox, access.messages(inbox, ticket));
    }

    /** The stored octets of a message, or empty if the blob is gone. */
    public Optional<byte[]> read(String blobId) {
        return blobs.get(blobId);
    }

    /** The stored octets of several messages in one query, by blob id; a blob that is gone is absent. */
    public Map<String, byte[]> readAll(Collection<String> blobIds) {
        return blobs.getAll(blobIds);
    }

    /** What a new session reads its messages through (see {@link ReadAhead}). */
    public ReadAhead readAhead() {
        return new ReadAhead(this, readAheadBytes);
    }

    /**
     * Removes the given messages from the mailbox; returns how many were still there. Shared with
     * IMAP's EXPUNGE, so the mailbox's MODSEQ moves and IMAP sessions notice.
     */
    public long expunge(Mailbox mailbox, List<Long> uids) {
        return access.expunge(mailbox, uids);
    }

    /** This process in lock documents: the pod name when there is one, plus a random part. */
    private static String instanceId() {
        String host = System.getenv().getOrDefault("HOSTNAME", "mailbox-api");
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
