package io.mailstream.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * POP3 retrieval: N clients each run sessions back to back for a fixed time — USER/PASS, STAT,
 * RETR of every message of the maildrop (leaving it on the server), QUIT. Measures messages and
 * bytes per second, and session and RETR latencies.
 */
final class Pop3Scenario implements Scenario {

    private final Target target;
    private final int clients;
    private final int seconds;
    private final int maxMessages;
    private final List<String> users;
    private final String password;

    Pop3Scenario(Target target, Args args) {
        this.target = target;
        this.clients = args.getInt("clients", 10);
        this.seconds = args.getInt("duration", 20);
        this.maxMessages = args.getInt("max-messages", 1000);
        // POP3 locks a maildrop per session (RFC 1939): concurrent clients need accounts of their own.
        this.users = List.of(args.get("users", args.get("user", "alice@example.test")).split(","));
        this.password = args.get("password", "pw");
    }

    @Override
    public String name() {
        return "pop3";
    }

    @Override
    public String unit() {
        return "message";
    }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("clients", clients);
        p.put("durationSeconds", seconds);
        p.put("maxMessagesPerSession", maxMessages);
        p.put("users", String.join(",", users));
        return p;
    }

    @Override
    public Measurement runOnce() throws Exception {
        Latencies session = new Latencies();
        Latencies retr = new Latencies();
        Errors errors = new Errors();
        AtomicLong messages = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        AtomicLong maildrop = new AtomicLong();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            String user = users.get(c % users.size());
            Thread t = new Thread(() -> {
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    try (Pop3Client pop = new Pop3Client(target.host(), target.pop3Port())) {
                        pop.login(user, password);
                        int n = Math.min(pop.stat(), maxMessages);
                        maildrop.set(n);
                        for (int i = 1; i <= n; i++) {
                            long r0 = System.nanoTime();
                            bytes.addAndGet(pop.retr(i));
                            retr.record(System.nanoTime() - r0);
                            messages.incrementAndGet();
                        }
                        pop.quit();
                        session.record(System.nanoTime() - t0);
                    } catch (Exception e) {
                        errors.add("pop3 session", e);
                    }
                }
            }, "pop3-" + c);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("maildrop", (double) maildrop.get());
        m.put("sessions", (double) session.count());
        m.put("errors", (double) errors.get());
        m.put("messages_per_s", messages.get() / elapsed);
        m.put("mb_per_s", bytes.get() / elapsed / 1e6);
        m.put("session_p50_ms", session.percentileMillis(50));
        m.put("session_p99_ms", session.percentileMillis(99));
        m.put("retr_p50_ms", retr.percentileMillis(50));
        m.put("retr_p99_ms", retr.percentileMillis(99));
        return new Measurement(m, messages.get());
    }
}
