package io.mailstream.bench;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * End-to-end latency: one message at a time, from the moment the final dot of DATA is sent to
 * the moment an IMAP session on the recipient's INBOX sees the new EXISTS count, pushed in IDLE
 * or found by NOOP polling.
 */
final class E2eLatencyScenario implements Scenario {

    private final Target target;
    private final int samples;
    private final int size;
    private final boolean idle;
    private final int pollMillis;
    private final String from;
    private final String to;
    private final String password;

    E2eLatencyScenario(Target target, Args args) {
        this.target = target;
        this.samples = args.getInt("samples", 50);
        this.size = args.getInt("size", 4096);
        this.idle = !"poll".equals(args.get("watch", "idle"));
        this.pollMillis = args.getInt("poll-ms", 10);
        this.from = args.get("from", "bench@bench.localhost");
        this.to = args.get("to", "lat@example.test");
        this.password = args.get("password", "pw");
    }

    @Override
    public String name() {
        return "e2e-latency";
    }

    @Override
    public String unit() {
        return "message";
    }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("samples", samples);
        p.put("size", size);
        p.put("watch", idle ? "idle" : "poll " + pollMillis + " ms");
        p.put("to", to);
        return p;
    }

    @Override
    public Measurement runOnce() throws Exception {
        BlockingQueue<long[]> seen = new LinkedBlockingQueue<>();
        Latencies e2e = new Latencies();
        Latencies smtp = new Latencies();
        int timeouts = 0;
        byte[] message = Messages.build(from, to, "bench e2e", size);
        try (ImapClient imap = new ImapClient(target.host(), target.imapPort());
             SmtpClient sender = new SmtpClient(target.host(), target.smtpPort(), true)) {
            imap.login(to, password);
            if (!imap.command("SELECT INBOX").ok()) {
                throw new IOException("SELECT INBOX failed");
            }
            Watcher watcher = new Watcher(imap, seen);
            watcher.start();
            try {
                long known = imap.exists();
                for (int i = 0; i < samples; i++) {
                    SmtpClient.Result r = sender.send(from, List.of(to), message);
                    if (!r.accepted()) {
                        throw new IOException("message refused: " + r.reply());
                    }
                    smtp.record(System.nanoTime() - r.endOfDataNanos());
                    long want = known + 1;
                    long deadline = r.endOfDataNanos() + 30_000_000_000L;
                    long[] event;
                    do {
                        event = seen.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    } while (event != null && event[0] < want);
                    if (event == null) {
                        timeouts++;
                        break;
                    }
                    known = event[0];
                    e2e.record(event[1] - r.endOfDataNanos());
                }
            } finally {
                watcher.finish();
            }
            sender.quit();
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("samples", (double) e2e.count());
        m.put("timeouts", (double) timeouts);
        m.put("e2e_p50_ms", e2e.percentileMillis(50));
        m.put("e2e_p99_ms", e2e.percentileMillis(99));
        m.put("smtp_250_p50_ms", smtp.percentileMillis(50));
        return new Measurement(m, e2e.count());
    }

    /** Reads EXISTS announcements on its own thread so each is timed when it arrives. */
    private final class Watcher extends Thread {
        private final ImapClient imap;
        private final BlockingQueue<long[]> seen;
        private volatile boolean running = true;

        Watcher(ImapClient imap, BlockingQueue<long[]> seen) {
            super("e2e-watcher");
            setDaemon(true);
            this.imap = imap;
            this.seen = seen;
        }

        @Override
        public void run() {
            try {
                long last = imap.exists();
                if (idle) {
                    imap.idle();
                    while (running) {
                        imap.readIdleLine();
                        if (imap.exists() > last) {
                            last = imap.exists();
                            seen.add(new long[] {last, System.nanoTime()});
                        }
                    }
                } else {
                    while (running) {
                        imap.command("NOOP");
                        if (imap.exists() > last) {
                            last = imap.exists();
                            seen.add(new long[] {last, System.nanoTime()});
                        }
                        Thread.sleep(pollMillis);
                    }
                }
            } catch (IOException | InterruptedException e) {
                // finish() closes the connection under the reader, or the server went away
            }
        }

        void finish() throws InterruptedException {
            running = false;
            join(idle ? 1 : 5000);
        }
    }
}
