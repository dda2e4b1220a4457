package io.mailstream.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final SerialExecutor serial = new SerialExecutor(pool);
    private final List<String> ran = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
    }

    @Test
    void anIdleExecutorRunsTheTaskOnTheCallingThreadWhenTheConditionHolds() {
        Thread caller = Thread.currentThread();
        assertThat(serial.runInline(() -> true, () -> ran.add(Thread.currentThread() == caller ? "here" : "away")))
                .isTrue();
        assertThat(serial.runInline(() -> false, () -> ran.add("never"))).isFalse();
        assertThat(ran).containsExactly("here");
    }

    @Test
    void aBusyExecutorNeitherAsksNorRuns() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        serial.execute(() -> {
            started.countDown();
            await(release);
            ran.add("first");
        });
        started.await(5, TimeUnit.SECONDS);
        assertThat(serial.runInline(() -> {
            ran.add("asked");
            return true;
        }, () -> ran.add("inline"))).isFalse();
        release.countDown();
        CountDownLatch done = new CountDownLatch(1);
        serial.execute(done::countDown);
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).containsExactly("first");
    }

    @Test
    void tasksSubmittedDuringAnInlineTaskRunAfterItInOrder() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        serial.runInline(() -> true, () -> {
            serial.execute(() -> ran.add("queued 1"));
            serial.execute(() -> ran.add("queued 2"));
            serial.execute(done::countDown);
            ran.add("inline");
        });
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).containsExactly("inline", "queued 1", "queued 2");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
