package io.mailstream.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The scale-out check (bench/scale-out.sh starts the stack and runs this): sends {@code --count}
 * messages over all {@code --smtp-ports} with {@link RetryingSender}, kills the {@code --kill-pids}
 * (SIGKILL) once a {@code --kill-at} fraction of them is accepted, waits until delivery has
 * drained, then counts every account's INBOX by Message-ID ({@link MailboxCensus}) and reports
 * what was accepted, retried, delivered, duplicated and missing. Exit status 0 only if every
 * accepted message is in each of its recipients' INBOXes exactly once (a second copy of a
 * message whose session broke off after the hand-over is reported, not counted as a failure:
 * any SMTP client that retries makes one, RFC 1047).
 *
 * <pre>
 * java -cp 'bench/target/classes:bench/target/lib/*' io.mailstream.bench.ScaleOut \
 *   --smtp-ports 6525,6526 --imap-port 6143 --domain scale.test --accounts 50 --password pw \
 *   --count 10000 --kill-pids 1234,5678 [--kill-at 0.4 --sessions 8 --max-recipients 3 --size 1024
 *   --max-attempts 20 --time-limit 3600 --drain-timeout 900 --stall 180 --settle 15 --run ID --host 127.0.0.1]
 * </pre>
 */
public final class ScaleOut {

    private ScaleOut() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        String host = args.get("host", "127.0.0.1");
        if (!host.equals("127.0.0.1") && !host.equals("localhost") && !host.equals("::1")) {
            throw new IllegalArgumentException("scale-out runs against this machine only (--host 127.0.0.1)");
        }
        int[] ports = Arrays.stream(args.get("smtp-ports", "2525").split(",")).mapToInt(Integer::parseInt).toArray();
        int count = args.getInt("count", 10_000);
        String domain = args.get("domain", "scale.test");
        int accountCount = args.getInt("accounts", 50);
        ScaleOutMail mail = new ScaleOutMail(args.get("run", Long.toString(System.currentTimeMillis(), 36)), domain,
                accountCount, args.getInt("max-recipients", 3), args.getInt("size", 1024));
        List<String> accounts = new ArrayList<>();
        for (int a = 0; a < accountCount; a++) {
            accounts.add(ScaleOutMail.account(a, domain));
        }
        long[] killPids = args.get("kill-pids", "").isBlank() ? new long[0]
                : Arrays.stream(args.get("kill-pids", "").split(",")).mapToLong(Long::parseLong).toArray();
        int killAfter = (int) Math.max(1, Math.round(count * Double.parseDouble(args.get("kill-at", "0.4"))));

        RetryingSender sender = new RetryingSender(host, ports, args.getInt("sessions", 8),
                args.getInt("max-attempts", 20), args.getInt("time-limit", 3600), mail);
        AtomicBoolean killed = new AtomicBoolean(killPids.length == 0);
        long startNanos = System.nanoTime();
        log("sending %,d messages over SMTP ports %s; killing pids %s after %,d are accepted", count,
                Arrays.toString(ports), Arrays.toString(killPids), killAfter);
        RetryingSender.Outcome sent = sender.send(count, accepted -> {
            if (accepted >= killAfter && killed.compareAndSet(false, true)) {
                for (long pid : killPids) {
                    boolean done = ProcessHandle.of(pid).map(ProcessHandle::destroyForcibly).orElse(false);
                    log("kill -9 %d after %,d accepted: %s", pid, accepted, done ? "sent" : "no such process");
                }
            } else if (accepted % 1000 == 0) {
                log("%,d accepted", accepted);
            }
        });
        log("sending done: %,d accepted in %.1f s", sent.accepted250(), sent.elapsedNanos() / 1e9);

        long expectedCopies = 0;
        for (int i = 0; i < count; i++) {
            if (sent.accepted()[i]) {
                expectedCopies += mail.recipients(i).size();
            }
        }
        long drainStart = System.nanoTime();
        double drainSeconds;
        Map<String, Map<Integer, Integer>> census;
        try (MailboxCensus mailboxes = new MailboxCensus(host, args.getInt("imap-port", 2143), accounts,
                args.get("password", "pw"), mail)) {
            int stall = args.getInt("stall", 180);
            long deadline = drainStart + TimeUnit.SECONDS.toNanos(args.getInt("drain-timeout", 900));
            mailboxes.awaitDrain(expectedCopies, stall, args.getInt("drain-timeout", 900));
            // A total at or above the expected one can still hide missing copies behind duplicates:
            // go on until no copy is missing, or nothing changed for the stall time.
            census = mailboxes.count();
            ScaleOutReport report = ScaleOutReport.of(count, sent, mail, census);
            long lastChange = System.nanoTime();
            while (report.missingCopies() > 0 && System.nanoTime() < deadline
                    && System.nanoTime() - lastChange < TimeUnit.SECONDS.toNanos(stall)) {
                log("%,d copies still missing; waiting", report.missingCopies());
                Thread.sleep(5000);
                ScaleOutReport again = ScaleOutReport.of(count, sent, mail, mailboxes.count());
                if (again.copiesInMailboxes() != report.copiesInMailboxes()) {
                    lastChange = System.nanoTime();
                }
                report = again;
            }
            drainSeconds = (System.nanoTime() - drainStart) / 1e9;
            // Late redeliveries would show up as duplicates: look once more after a pause.
            Thread.sleep(TimeUnit.SECONDS.toMillis(args.getInt("settle", 15)));
            census = mailboxes.count();
        }
        double totalSeconds = (System.nanoTime() - startNanos) / 1e9;

        ScaleOutReport report = ScaleOutReport.of(count, sent, mail, census);
        System.out.print(report.format(sent, expectedCopies, drainSeconds, totalSeconds - drainSeconds
                - sent.elapsedNanos() / 1e9));
        System.exit(report.passed() ? 0 : 1);
    }

    static void log(String format, Object... values) {
        System.err.printf("[scale-out] " + format + "%n", values);
    }
}
