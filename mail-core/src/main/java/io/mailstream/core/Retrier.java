package io.mailstream.core;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Runs work that can fail temporarily the way an MTA defers mail: again and again with capped
 * exponential backoff, until it succeeds, the failure turns out to be permanent, the retry budget
 * is spent, or the service stops.
 *
 * <p>Failures are sorted by a classifier. {@link Failure#OUTAGE} (the store or the broker cannot be
 * reached) is retried without a budget: mail must not be dead-lettered just because its database
 * was restarting. {@link Failure#TRANSIENT} (anything unexpected) is retried until the time spent
 * waiting reaches the budget, so that a poison record cannot stall a queue forever.
 * {@link Failure#PERMANENT} gives up at once. {@link #stop()} ends every wait at once, so a
 * stopping service does not sit out a backoff delay.
 */
public final class Retrier {

    public enum Failure { PERMANENT, TRANSIENT, OUTAGE }

    @FunctionalInterface
    public interface Work<T> {
        T run() throws Exception;
    }

    /** Told about every failure that will be retried, e.g. to log it. */
    @FunctionalInterface
    public interface Listener {
        void retrying(int attempt, Failure kind, Exception failure, Duration delay);
    }

    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration delay) throws InterruptedException;
    }

    /** The work failed for good; the cause is the last failure. */
    public static final class GaveUp extends Exception {
        private final int attempts;

        GaveUp(Exception cause, int attempts) {
            super(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
            this.attempts = attempts;
        }

        public int attempts() {
            return attempts;
        }
    }

    /** The service is stopping before the work succeeded: leave it for the next run. */
    public static final class Stopped extends Exception {
        Stopped(Exception last) {
            super("stopped while retrying", last);
        }
    }

    private final Duration firstDelay;
    private final Duration maxDelay;
    private final Duration budget;
    private final Function<Throwable, Failure> classifier;
    private final Listener listener;
    private final Sleeper sleeper;
    private final CountDownLatch stopped = new CountDownLatch(1);

    public Retrier(Duration firstDelay, Duration maxDelay, Duration budget, Function<Throwable, Failure> classifier,
            Listener listener) {
        this(firstDelay, maxDelay, budget, classifier, listener, null);
    }

    /** With {@code sleeper} null, waits are real and cut short by {@link #stop()}. */
    Retrier(Duration firstDelay, Duration maxDelay, Duration budget, Function<Throwable, Failure> classifier,
            Listener listener, Sleeper sleeper) {
        if (firstDelay.isNegative() || firstDelay.isZero() || maxDelay.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException("need 0 < firstDelay <= maxDelay");
        }
        this.firstDelay = firstDelay;
        this.maxDelay = maxDelay;
        this.budget = Objects.requireNonNull(budget);
        this.classifier = Objects.requireNonNull(classifier);
        this.listener = Objects.requireNonNull(listener);
        this.sleeper = sleeper != null ? sleeper : d -> stopped.await(d.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The usual classifier: {@code permanent} failures give up, a failure with a cause that
     * {@code outage} recognises waits for the outage to end, anything else is transient.
     */
    public static Function<Throwable, Failure> classifier(Class<? extends Throwable> permanent,
            Predicate<Throwable> outage) {
        return failure -> {
            if (permanent.isInstance(failure)) {
                return Failure.PERMANENT;
            }
            for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (outage.test(t)) {
                    return Failure.OUTAGE;
                }
            }
            return Failure.TRANSIENT;
        };
    }

    /** The service is stopping: running and future work ends with {@link Stopped} instead of waiting. */
    public void stop() {
        stopped.countDown();
    }

    private boolean running() {
        return stopped.getCount() > 0;
    }

    public <T> T run(Work<T> work) throws GaveUp, Stopped {
        Duration delay = firstDelay;
        Duration waited = Duration.ZERO;
        for (int attempt = 1; ; attempt++) {
            try {
                return work.run();
            } catch (Exception e) {
                Failure kind = classifier.apply(e);
                if (kind == Failure.PERMANENT
                        || kind == Failure.TRANSIENT && waited.plus(delay).compareTo(budget) > 0) {
                    throw new GaveUp(e, attempt);
                }
                if (!running()) {
                    throw new Stopped(e);
                }
                listener.retrying(attempt, kind, e, delay);
                try {
                    sleeper.sleep(delay);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new Stopped(e);
                }
                if (!running()) {
                    throw new Stopped(e);
                }
                waited = waited.plus(delay);
                delay = delay.multipliedBy(2).compareTo(maxDelay) > 0 ? maxDelay : delay.multipliedBy(2);
            }
        }
    }
}
