package io.mailstream.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * SMTP ingest: N concurrent sessions send {@code count} messages of {@code size} bytes, on one
 * connection per session (reuse) or one connection per message (new), with or without
 * PIPELINING. Measures accepted messages per second and the per-message latency (MAIL FROM, or
 * connect for new connections, to the final 250); with a mailbox to watch, also the delivered
 * rate: messages per second until the last one is visible over IMAP.
 */
final class SmtpScenario implements Scenario {

    private final Target target;
    private final int sessions;
    private final int count;
    private final int size;
    private final boolean reuse;
    private final boolean pipelining;
    private final String from;
    private final List<String> to;
    private final String password;
    private final boolean verify;
    private final int timeLimitSeconds;

    SmtpScenario(Target target, Args args) {
        this.target = target;
        this.sessions = args.getInt("sessions", 10);
        this.count = args.getInt("count", 1000);
        this.size = args.getInt("size", 4096);
        this.reuse = !"new".equals(args.get("connection", "reuse"));
        this.pipelining = args.getBool("pipelining", true);
        this.from = args.get("from", "bench@bench.localhost");
        this.to = List.of(args.get("to", "load@example.test").split(","));
        this.password = args.get("password", "pw");
        this.verify = args.getBool("verify-delivery", true);
        this.timeLimitSeconds = args.getInt("time-limit", 180);
    }

    @Override
    public String name() {
        return "smtp";
    }

    @Override
    public String unit() {
        return "message";
    }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("sessions", sessions);
        p.put("count", count);
        p.put("size", size);
        p.put("connection", reuse ? "reuse" : "new");
        p.put("pipelining", pipelining);
        p.put("to", String.join(",", to));
        p.put("verifyDelivery", verify);
        return p;
    }

    @Override
    public Measurement runOnce() throws Exception {
        // With several recipients, the last one's mailbox tells when delivery is complete.
        MailboxWatcher watcher = new MailboxWatcher(target, to.get(to.size() - 1), password);
        long baseline = verify ? watcher.count() : 0;
        byte[] message = Messages.build(from, to.get(0), "bench smtp " + size, size);
        long deadline = System.nanoTime() + timeLimitSeconds * 1_000_000_000L;
        AtomicInteger next = new AtomicInteger();
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        Errors errors = new Errors();
        AtomicLong lastAccept = new AtomicLong();
        Latencies latency = new Latencies();

        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < sessions; s++) {
            Thread t = new Thread(() -> {
                SmtpClient client = null;
                try {
                    while (next.getAndIncrement() < count && System.nanoTime() < deadline) {
                        long t0 = System.nanoTime();
                        try {
                            if (client == null) {
                                client = new SmtpClient(target.host(), target.smtpPort(), pipelining);
                            }
                            if (reuse) {
                                t0 = System.nanoTime();
                            }
                            SmtpClient.Result r = client.send(from, to, message);
                            long done = System.nanoTime();
                            if (r.accepted()) {
                                accepted.incrementAndGet();
                                latency.record(done - t0);
                                lastAccept.accumulateAndGet(done, Math::max);
                            } else {
                                refused.incrementAndGet();
                            }
                            if (!reuse) {
                                client.quit();
                                client.close();
                                client = null;
                            }
                        } catch (Exception e) {
                            errors.add("smtp", e);
                            if (client != null) {
                                client.close();
                                client = null;
                            }
                        }
                    }
                } finally {
                    if (client != null) {
                        client.quit();
                        client.close();
                    }
                }
            }, "smtp-" + s);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        double sendSeconds = (lastAccept.get() - start) / 1e9;
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("accepted", (double) accepted.get());
        m.put("refused", (double) refused.get());
        m.put("errors", (double) errors.get());
        m.put("accepted_per_s", accepted.get() / Math.max(sendSeconds, 1e-9));
        m.put("smtp_p50_ms", latency.percentileMillis(50));
        m.put("smtp_p99_ms", latency.percentileMillis(99));
        if (verify && accepted.get() > 0) {
            long seen = watcher.awaitCount(baseline + accepted.get(), deadline, 50);
            if (seen > 0) {
                m.put("delivered_per_s", accepted.get() / ((seen - start) / 1e9));
                m.put("drain_after_send_s", (seen - lastAccept.get()) / 1e9);
            } else {
                m.put("delivered_per_s", Double.NaN);
                m.put("delivery_timeouts", 1.0);
            }
        }
        return new Measurement(m, accepted.get());
    }
}
