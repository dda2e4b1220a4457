package io.mailstream.net;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/** Runs tasks one at a time, in submission order, on a shared pool: one per connection. */
final class SerialExecutor implements Executor {

    private final Executor pool;
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private boolean running;

    SerialExecutor(Executor pool) {
        this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (this) {
            tasks.add(task);
            if (running) {
                return;
            }
            running = true;
        }
        pool.execute(this::drain);
    }

    /**
     * Runs {@code task} on the calling thread when no task is running or queued and {@code when}
     * holds (asked in that state, so it may read what the tasks write). Tasks submitted meanwhile
     * wait and then run on the pool, in order. Returns whether {@code task} ran.
     */
    boolean runInline(BooleanSupplier when, Runnable task) {
        synchronized (this) {
            if (running) {
                return false; // not running implies nothing queued
            }
            running = true;
        }
        boolean ran = false;
        try {
            if (when.getAsBoolean()) {
                ran = true;
                task.run();
            }
        } finally {
            boolean more;
            synchronized (this) {
                more = !tasks.isEmpty();
                running = more;
            }
            if (more) {
                pool.execute(this::drain);
            }
        }
        return ran;
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (this) {
                next = tasks.poll();
                if (next == null) {
                    running = false;
                    return;
                }
            }
            next.run();
        }
    }
}
