package io.mailstream.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailstream.core.Retrier.Failure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class RetrierTest {

    private final List<Duration> slept = new ArrayList<>();

    private Retrier retrier(Failure kind, Duration budget) {
        return new Retrier(Duration.ofSeconds(1), Duration.ofSeconds(5), budget, e -> kind,
                (attempt, k, e, delay) -> { }, slept::add);
    }

    /** Work that fails {@code failures} times, then returns "ok". */
    private static Retrier.Work<String> failing(int failures, AtomicInteger calls) {
        return () -> {
            if (calls.incrementAndGet() <= failures) {
                throw new IllegalStateException("boom " + calls.get());
            }
            return "ok";
        };
    }

    @Test
    void retriesWithCappedExponentialBackoffUntilTheWorkSucceeds() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        assertThat(retrier(Failure.OUTAGE, Duration.ZERO).run(failing(5, calls))).isEqualTo("ok");
        assertThat(calls).hasValue(6);
        assertThat(slept).extracting(Duration::toSeconds).containsExactly(1L, 2L, 4L, 5L, 5L);
    }

    @Test
    void permanentFailureGivesUpWithoutWaiting() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retrier(Failure.PERMANENT, Duration.ofHours(1)).run(failing(1, calls)))
                .isInstanceOf(Retrier.GaveUp.class).hasMessage("boom 1");
        assertThat(calls).hasValue(1);
        assertThat(slept).isEmpty();
    }

    @Test
    void transientFailureGivesUpWhenTheBudgetIsSpent() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retrier(Failure.TRANSIENT, Duration.ofSeconds(6)).run(failing(100, calls)))
                .isInstanceOfSatisfying(Retrier.GaveUp.class, g -> assertThat(g.attempts()).isEqualTo(3));
        assertThat(slept).extracting(Duration::toSeconds).containsExactly(1L, 2L);
    }

    @Test
    void outageIsRetriedBeyondTheBudget() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        assertThat(retrier(Failure.OUTAGE, Duration.ofSeconds(1)).run(failing(20, calls))).isEqualTo("ok");
        assertThat(calls).hasValue(21);
    }

    @Test
    void theUsualClassifierLooksForAnOutageAlongTheCauseChain() {
        var classify = Retrier.classifier(IllegalArgumentException.class, t -> t instanceof java.net.ConnectException);
        assertThat(classify.apply(new IllegalArgumentException("bad record"))).isEqualTo(Failure.PERMANENT);
        assertThat(classify.apply(new IllegalStateException(new RuntimeException(new java.net.ConnectException()))))
                .isEqualTo(Failure.OUTAGE);
        assertThat(classify.apply(new IllegalStateException("bug"))).isEqualTo(Failure.TRANSIENT);
    }

    @Test
    void stopEndsARealWaitAtOnce() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Retrier r = new Retrier(Duration.ofMinutes(10), Duration.ofMinutes(10), Duration.ZERO, e -> Failure.OUTAGE,
                (attempt, k, e, delay) -> { });
        Thread stopper = new Thread(() -> {
            while (calls.get() == 0) {
                Thread.onSpinWait();
            }
            r.stop();
        });
        stopper.start();
        long start = System.nanoTime();
        assertThatThrownBy(() -> r.run(failing(100, calls))).isInstanceOf(Retrier.Stopped.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(calls).hasValue(1);
        stopper.join();
    }
}
