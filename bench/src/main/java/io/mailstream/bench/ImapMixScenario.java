package io.mailstream.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The IMAP session mix a mail client produces when it opens a mailbox: LOGIN, SELECT INBOX,
 * FETCH 1:* (FLAGS ENVELOPE), FETCH one body, STORE +FLAGS \Seen, SEARCH, LOGOUT. N clients each
 * run sessions back to back for a fixed time; measures sessions per second and latencies of the
 * session and of each command (where the time goes).
 */
final class ImapMixScenario implements Scenario {

    private static final String[] STEPS = {"connect", "login", "select", "fetch_envelopes", "fetch_body", "store", "search", "logout"};

    private final Target target;
    private final int clients;
    private final int seconds;
    private final String user;
    private final String password;
    private final String search;

    ImapMixScenario(Target target, Args args) {
        this.target = target;
        this.clients = args.getInt("clients", 20);
        this.seconds = args.getInt("duration", 20);
        this.user = args.get("user", "alice@example.test");
        this.password = args.get("password", "pw");
        this.search = args.get("search", "UNSEEN");
    }

    @Override
    public String name() {
        return "imap-mix";
    }

    @Override
    public String unit() {
        return "session";
    }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("clients", clients);
        p.put("durationSeconds", seconds);
        p.put("user", user);
        p.put("search", search);
        return p;
    }

    @Override
    public Measurement runOnce() throws Exception {
        Map<String, Latencies> steps = new LinkedHashMap<>();
        for (String s : STEPS) {
            steps.put(s, new Latencies());
        }
        Latencies session = new Latencies();
        Errors errors = new Errors();
        AtomicInteger envelopes = new AtomicInteger();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() < end) {
                    try {
                        long t0 = System.nanoTime();
                        envelopes.addAndGet(oneSession(steps));
                        session.record(System.nanoTime() - t0);
                    } catch (Exception e) {
                        errors.add("imap session", e);
                    }
                }
            }, "imap-" + c);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("sessions", (double) session.count());
        m.put("errors", (double) errors.get());
        m.put("sessions_per_s", session.count() / elapsed);
        m.put("envelopes_per_session", session.count() == 0 ? 0.0 : envelopes.get() / (double) session.count());
        m.put("session_p50_ms", session.percentileMillis(50));
        m.put("session_p99_ms", session.percentileMillis(99));
        long operations = 0;
        for (Latencies l : steps.values()) {
            operations += l.count();
        }
        m.put("operations_per_s", operations / elapsed); // every command of every session, LOGIN to LOGOUT
        for (Map.Entry<String, Latencies> e : steps.entrySet()) {
            m.put(e.getKey() + "_p50_ms", e.getValue().percentileMillis(50));
            m.put(e.getKey() + "_p99_ms", e.getValue().percentileMillis(99));
        }
        return new Measurement(m, session.count());
    }

    /** One session; returns the number of envelopes fetched. */
    private int oneSession(Map<String, Latencies> steps) throws IOException {
        long t = System.nanoTime();
        try (ImapClient imap = new ImapClient(target.host(), target.imapPort())) {
            t = lap(steps, "connect", t);
            imap.login(user, password);
            t = lap(steps, "login", t);
            check(imap.command("SELECT INBOX"), "SELECT");
            long exists = imap.exists();
            t = lap(steps, "select", t);
            int fetched = 0;
            if (exists > 0) {
                ImapClient.Reply all = check(imap.command("FETCH 1:* (FLAGS ENVELOPE)"), "FETCH envelopes");
                fetched = all.untagged().size();
                t = lap(steps, "fetch_envelopes", t);
                long n = 1 + ThreadLocalRandom.current().nextLong(exists);
                check(imap.command("FETCH " + n + " BODY.PEEK[]"), "FETCH body");
                t = lap(steps, "fetch_body", t);
                check(imap.command("STORE " + n + " +FLAGS (\\Seen)"), "STORE");
                t = lap(steps, "store", t);
            }
            check(imap.command("SEARCH " + search), "SEARCH");
            t = lap(steps, "search", t);
            imap.logout();
            lap(steps, "logout", t);
            return fetched;
        }
    }

    private static long lap(Map<String, Latencies> steps, String step, long since) {
        long now = System.nanoTime();
        steps.get(step).record(now - since);
        return now;
    }

    private static ImapClient.Reply check(ImapClient.Reply r, String what) throws IOException {
        if (!r.ok()) {
            throw new IOException(what + " failed: " + r.status() + " " + r.text());
        }
        return r;
    }
}
