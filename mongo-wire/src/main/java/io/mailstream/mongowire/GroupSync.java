package io.mailstream.mongowire;

/**
 * Makes writes durable in groups, as a database's group commit does. A write takes a number when
 * it has been applied ({@link #applied}), then waits in {@link #await} until a sync that began
 * after that moment has finished. One sync covers every write applied before it began, so the
 * writers that arrive while a sync runs share the next one instead of each syncing in turn: under
 * load the number of syncs follows the time a sync takes, not the number of writes.
 *
 * <p>The sync runs in the thread of one of the waiting writers, outside any lock of the caller, so
 * that writes go on being applied while it runs. When it fails, that writer gets the exception and
 * the others try again with a sync of their own.
 */
final class GroupSync {

    private final Runnable sync;
    private long applied;
    private long durable;
    private boolean running;

    /** {@code sync} makes every write applied before it began durable, e.g. commit and fsync. */
    GroupSync(Runnable sync) {
        this.sync = sync;
    }

    /** Call right after a write is applied: the number to {@link #await}. */
    synchronized long applied() {
        return ++applied;
    }

    /** Returns once write {@code ticket} is durable; runs the sync itself when none is running. */
    void await(long ticket) {
        long upTo;
        synchronized (this) {
            while (durable < ticket && running) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the write to reach the disk", e);
                }
            }
            if (durable >= ticket) {
                return;
            }
            running = true;
            upTo = applied;
        }
        boolean done = false;
        try {
            sync.run();
            done = true;
        } finally {
            synchronized (this) {
                running = false;
                if (done) {
                    durable = Math.max(durable, upTo);
                }
                notifyAll();
            }
        }
    }

    /** Writes made durable so far. */
    synchronized long durable() {
        return durable;
    }
}
