package io.mailstream.store;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one credential check behind SMTP AUTH, IMAP LOGIN/AUTHENTICATE and POP3 USER/PASS.
 * Failures are throttled per client address and per account: after {@code maxFailures} within
 * {@code window}, further attempts from that client, or for that account, are refused without
 * checking the password until the window has passed. Throttling is per instance.
 */
@Singleton
public class Authenticator {

    public enum Outcome { SUCCESS, FAILURE, THROTTLED, UNAVAILABLE }

    /** @param account the account key on success, else empty */
    public record Result(Outcome outcome, Optional<String> account) {
        public boolean ok() {
            return outcome == Outcome.SUCCESS;
        }
    }

    private final Directory directory;
    private final int maxFailures;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();

    @Inject
    public Authenticator(Directory directory,
            @ConfigProperty(name = "mailstream.auth.max-failures", defaultValue = "10") int maxFailures,
            @ConfigProperty(name = "mailstream.auth.failure-window", defaultValue = "PT5M") Duration window) {
        this(directory, maxFailures, window, Clock.systemUTC());
    }

    Authenticator(Directory directory, int maxFailures, Duration window, Clock clock) {
        this.directory = directory;
        this.maxFailures = maxFailures;
        this.window = window;
        this.clock = clock;
    }

    public Result authenticate(String login, String password, String clientAddress) {
        String accountKey = "account:" + normalize(login);
        String clientKey = "client:" + clientAddress;
        if (throttled(clientKey) || throttled(accountKey)) {
            return new Result(Outcome.THROTTLED, Optional.empty());
        }
        Optional<String> account;
        try {
            account = directory.authenticate(login, password);
        } catch (StoreException e) {
            return new Result(Outcome.UNAVAILABLE, Optional.empty());
        }
        if (account.isPresent()) {
            return new Result(Outcome.SUCCESS, account);
        }
        recordFailure(clientKey);
        recordFailure(accountKey);
        return new Result(Outcome.FAILURE, Optional.empty());
    }

    /** The throttle key of a login: every spelling of one account counts against the same budget. */
    private static String normalize(String login) {
        try {
            return LoginName.key(login);
        } catch (IllegalArgumentException e) {
            return login == null ? "" : login.strip().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private boolean throttled(String key) {
        Deque<Long> times = failures.get(key);
        if (times == null) {
            return false;
        }
        synchronized (times) {
            prune(times);
            return times.size() >= maxFailures;
        }
    }

    private void recordFailure(String key) {
        Deque<Long> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            prune(times);
            times.addLast(clock.millis());
            if (times.size() > maxFailures) {
                times.removeFirst();
            }
        }
        if (failures.size() > 100_000) {
            // Bound memory under a distributed guessing attack: forget the quietest entries.
            failures.entrySet().removeIf(e -> {
                synchronized (e.getValue()) {
                    prune(e.getValue());
                    return e.getValue().isEmpty();
                }
            });
        }
    }

    private void prune(Deque<Long> times) {
        long cutoff = clock.millis() - window.toMillis();
        while (!times.isEmpty() && times.peekFirst() < cutoff) {
            times.removeFirst();
        }
    }
}
