package io.mailstream.smtp;

import java.time.Duration;

/** Runs the delayed greeting later, without holding a worker thread while waiting. */
@FunctionalInterface
public interface GreetingTimer {

    void schedule(Duration delay, Runnable task);
}
