package io.mailstream.bench;

import java.util.concurrent.atomic.AtomicInteger;

/** Counts failures of a run and prints the first few, so that a refused login is not a silent zero. */
final class Errors {

    private static final int SHOWN = 3;

    private final AtomicInteger count = new AtomicInteger();

    void add(String where, Exception e) {
        if (count.incrementAndGet() <= SHOWN) {
            System.err.println("  error (" + where + "): " + e.getMessage());
        }
    }

    int get() {
        return count.get();
    }
}
