package io.mailstream.mongowire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class GroupSyncTest {

    /** Writes applied so far, as a sync sees them when it begins. */
    private final AtomicLong appliedWrites = new AtomicLong();
    /** The most writes a finished sync has covered. */
    private final AtomicLong coveredWrites = new AtomicLong();
    private final AtomicInteger syncs = new AtomicInteger();

    private final GroupSync group = new GroupSync(() -> {
        long covers = appliedWrites.get();
        syncs.incrementAndGet();
        sleep(3);
        coveredWrites.accumulateAndGet(covers, Math::max);
    });

    @Test
    void everyWriteWaitsForASyncThatBeganAfterItAndConcurrentWritesShareThem() throws Exception {
        int threads = 16;
        int writesEach = 40;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < writesEach; i++) {
                    long ticket;
                    synchronized (this) { // the store's lock: the write is applied, then numbered
                        appliedWrites.incrementAndGet();
                        ticket = group.applied();
                    }
                    group.await(ticket);
                    if (coveredWrites.get() < ticket) {
                        violations.add("write " + ticket + " answered when syncs covered " + coveredWrites.get());
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(violations).isEmpty();
        assertThat(group.durable()).isEqualTo((long) threads * writesEach);
        assertThat(syncs.get()).as("syncs for %d writes by %d threads", threads * writesEach, threads)
                .isLessThan(threads * writesEach / 4);
    }

    @Test
    void oneWriterAtATimeSyncsEveryWrite() {
        for (int i = 0; i < 5; i++) {
            appliedWrites.incrementAndGet();
            long ticket = group.applied();
            group.await(ticket);
        }
        assertThat(syncs.get()).isEqualTo(5);
    }

    @Test
    void aFailedSyncFailsItsWriterAndTheNextWriterSyncsAgain() {
        AtomicBoolean fail = new AtomicBoolean(true);
        AtomicInteger runs = new AtomicInteger();
        GroupSync flaky = new GroupSync(() -> {
            runs.incrementAndGet();
            if (fail.getAndSet(false)) {
                throw new IllegalStateException("disk full");
            }
        });
        long first = flaky.applied();
        assertThatThrownBy(() -> flaky.await(first)).hasMessage("disk full");
        assertThat(flaky.durable()).isZero();
        long second = flaky.applied();
        flaky.await(first);
        assertThat(flaky.durable()).isEqualTo(second);
        flaky.await(second);
        assertThat(runs.get()).isEqualTo(2);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
