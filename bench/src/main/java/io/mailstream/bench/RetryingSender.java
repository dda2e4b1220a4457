package io.mailstream.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * Sends numbered messages the way a sending MTA does: over several sessions that reuse their
 * connection, spread over the given SMTP ports (like MX hosts of equal preference). Only a 250
 * to the end of DATA counts as accepted. A session that fails (connection refused or reset, a
 * timeout) or a 4xx is retried after a short back-off, on the next port after an I/O failure,
 * up to {@code maxAttempts} times; a 5xx is final.
 *
 * <p>An I/O failure after the message was handed over leaves its fate open: the server may have
 * accepted it and died before the 250 reached us (RFC 1047). The retry then makes a second copy,
 * as it would with any MTA; such messages are marked so a duplicate can be told from a bug.
 */
final class RetryingSender {

    /** What happened to each message: accepted or not, and whether a send of it broke off mid-way. */
    record Outcome(boolean[] accepted, boolean[] brokeOff, long accepted250, long retried, long refusedConnects,
            long brokenSessions, long rejected, long gaveUp, long elapsedNanos) {
    }

    private final String host;
    private final int[] ports;
    private final int sessions;
    private final int maxAttempts;
    private final long deadlineNanos;
    private final ScaleOutMail mail;

    RetryingSender(String host, int[] ports, int sessions, int maxAttempts, long timeLimitSeconds, ScaleOutMail mail) {
        this.host = host;
        this.ports = ports.clone();
        this.sessions = sessions;
        this.maxAttempts = maxAttempts;
        this.deadlineNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeLimitSeconds);
        this.mail = mail;
    }

    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong refusedConnects = new AtomicLong();
    private final AtomicLong brokenSessions = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong gaveUp = new AtomicLong();

    /**
     * Sends messages 0..count-1; {@code onAccepted} sees the running total of accepted messages
     * after each 250 (the caller uses it to kill instances mid-run).
     */
    Outcome send(int count, IntConsumer onAccepted) throws Exception {
        boolean[] ok = new boolean[count];
        boolean[] brokeOff = new boolean[count];
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(sessions);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int s = 0; s < sessions; s++) {
                int firstPort = s % ports.length;
                workers.add(pool.submit(() -> {
                    session(firstPort, count, ok, brokeOff, onAccepted);
                    return null;
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return new Outcome(ok, brokeOff, accepted.get(), retried.get(), refusedConnects.get(), brokenSessions.get(),
                rejected.get(), gaveUp.get(), System.nanoTime() - start);
    }

    private void session(int portIndex, int count, boolean[] ok, boolean[] brokeOff, IntConsumer onAccepted)
            throws InterruptedException {
        SmtpClient client = null;
        int port = portIndex;
        try {
            for (int i = next.getAndIncrement(); i < count && System.nanoTime() < deadlineNanos;
                    i = next.getAndIncrement()) {
                byte[] message = mail.message(i).getBytes(StandardCharsets.US_ASCII);
                for (int attempt = 1; ; attempt++) {
                    if (attempt > 1) {
                        retried.incrementAndGet();
                        Thread.sleep(Math.min(2000, 100L * attempt));
                    }
                    if (client == null) {
                        try {
                            client = new SmtpClient(host, ports[port], true);
                        } catch (IOException e) {
                            refusedConnects.incrementAndGet();
                            port = (port + 1) % ports.length;
                            if (attempt >= maxAttempts) {
                                gaveUp.incrementAndGet();
                                break;
                            }
                            continue;
                        }
                    }
                    int code;
                    try {
                        code = client.send(ScaleOutMail.SENDER, mail.recipients(i), message).code();
                    } catch (IOException e) {
                        brokenSessions.incrementAndGet();
                        brokeOff[i] = true;
                        client.close();
                        client = null;
                        port = (port + 1) % ports.length;
                        code = 0;
                    }
                    if (code == 250) {
                        ok[i] = true;
                        onAccepted.accept((int) accepted.incrementAndGet());
                        break;
                    }
                    if (code / 100 == 5) {
                        rejected.incrementAndGet();
                        break;
                    }
                    if (attempt >= maxAttempts) {
                        gaveUp.incrementAndGet();
                        break;
                    }
                }
            }
        } finally {
            if (client != null) {
                client.quit();
                client.close();
            }
        }
    }
}
