package io.mailstream.mailbox.imap.process;

import io.mailstream.store.Directory;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Per-account limits IMAP enforces: the storage and message quota from the directory (QUOTA,
 * RFC 9208; APPEND and COPY refuse to go over it) and the number of sessions one account may
 * have open on this instance at once.
 */
public final class AccountLimits {

    private final Function<String, Optional<Directory.Quota>> quotas;
    private final int maxSessionsPerAccount;
    private final Map<String, Integer> sessions = new ConcurrentHashMap<>();

    public AccountLimits(Function<String, Optional<Directory.Quota>> quotas, int maxSessionsPerAccount) {
        this.quotas = quotas;
        this.maxSessionsPerAccount = maxSessionsPerAccount;
    }

    public static AccountLimits unlimited() {
        return new AccountLimits(a -> Optional.empty(), Integer.MAX_VALUE);
    }

    /** The account's quota, or empty when it has none (0 in a field means no limit there). */
    public Optional<Directory.Quota> quota(String account) {
        return quotas.apply(account).filter(q -> q.maxBytes() > 0 || q.maxMessages() > 0);
    }

    /** Counts a new session of the account; false, counting nothing, when it has too many. */
    public boolean openSession(String account) {
        boolean[] ok = {false};
        sessions.compute(account, (a, n) -> {
            int count = n == null ? 0 : n;
            if (count >= maxSessionsPerAccount) {
                return n;
            }
            ok[0] = true;
            return count + 1;
        });
        return ok[0];
    }

    public void closeSession(String account) {
        sessions.computeIfPresent(account, (a, n) -> n <= 1 ? null : n - 1);
    }
}
