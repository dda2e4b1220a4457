package io.mailstream.mailbox.imap.process;

import io.mailstream.store.Directory;
import io.mailstream.store.Leases;
import io.mailstream.store.StoreException;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.jboss.logging.Logger;

/**
 * Per-account limits IMAP enforces: the storage and message quota from the directory (QUOTA,
 * RFC 9208; APPEND and COPY refuse to go over it) and the number of sessions one account may have
 * logged in at once. With {@link Leases} that number counts the sessions of every instance (one
 * lease document per session, taken at login and deleted when the connection ends, renewed by the
 * server in bulk); without, those of this instance only (tests, tools).
 */
public final class AccountLimits {

    private static final Logger LOG = Logger.getLogger(AccountLimits.class);

    /** A counted session; {@link #close} gives its place back (once). */
    public interface Session {
        void close();
    }

    private final Function<String, Optional<Directory.Quota>> quotas;
    private final int maxSessionsPerAccount;
    private final Leases leases;
    private final Clock clock;
    private final Map<String, Integer> sessions = new ConcurrentHashMap<>();

    /** Sessions counted on this instance only. */
    public AccountLimits(Function<String, Optional<Directory.Quota>> quotas, int maxSessionsPerAccount) {
        this(quotas, maxSessionsPerAccount, null, Clock.systemUTC());
    }

    /** Sessions counted across the instances sharing {@code leases}. */
    public AccountLimits(Function<String, Optional<Directory.Quota>> quotas, int maxSessionsPerAccount, Leases leases,
            Clock clock) {
        this.quotas = quotas;
        this.maxSessionsPerAccount = maxSessionsPerAccount;
        this.leases = leases;
        this.clock = clock;
    }

    public static AccountLimits unlimited() {
        return new AccountLimits(a -> Optional.empty(), Integer.MAX_VALUE);
    }

    /** The account's quota, or empty when it has none (0 in a field means no limit there). */
    public Optional<Directory.Quota> quota(String account) {
        return quotas.apply(account).filter(q -> q.maxBytes() > 0 || q.maxMessages() > 0);
    }

    /**
     * Counts a new session of the account; empty, counting nothing, when it has too many. Throws
     * {@link StoreException} when the shared count cannot be read or written: the login then fails
     * with a temporary error rather than letting an unbounded number of sessions in.
     */
    public Optional<Session> openSession(String account) {
        if (leases != null && maxSessionsPerAccount != Integer.MAX_VALUE) {
            return leases.tryAcquire(account, maxSessionsPerAccount, clock.instant()).map(lease -> new Session() {
                private boolean closed;

                @Override
                public void close() {
                    if (closed) {
                        return;
                    }
                    closed = true;
                    try {
                        leases.release(lease);
                    } catch (StoreException e) {
                        LOG.warnf("session lease %s of %s not released, it expires unrenewed: %s", lease.id(),
                                account, e.getMessage());
                    }
                }
            });
        }
        boolean[] ok = {false};
        sessions.compute(account, (a, n) -> {
            int count = n == null ? 0 : n;
            if (count >= maxSessionsPerAccount) {
                return n;
            }
            ok[0] = true;
            return count + 1;
        });
        if (!ok[0]) {
            return Optional.empty();
        }
        boolean[] closed = {false};
        return Optional.of(() -> {
            if (!closed[0]) {
                closed[0] = true;
                sessions.computeIfPresent(account, (a, n) -> n <= 1 ? null : n - 1);
            }
        });
    }
}
