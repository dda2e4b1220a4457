package io.mailstream.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The load generator's command line.
 *
 * <pre>
 * bench SCENARIO [--host 127.0.0.1] [--smtp-port 2525] [--imap-port 2143] [--pop3-port 2110]
 *       [--label NAME] [--runs 3] [--warmup 1] [--json FILE]
 *       [--pids name=pid,...] [--pid-dir DIR]          server processes to measure (and their children)
 *       scenario options...
 * scenarios: smtp, e2e-latency, imap-mix, pop3; seed (fill a mailbox); compare --baseline DIR DIR...
 * </pre>
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        if (args.positional().isEmpty() || args.has("help")) {
            usage();
            System.exit(args.has("help") ? 0 : 2);
        }
        String command = args.positional().get(0);
        if (command.equals("compare")) {
            List<Path> dirs = new ArrayList<>();
            for (String d : args.positional().subList(1, args.positional().size())) {
                dirs.add(Path.of(d));
            }
            Compare.run(Path.of(args.get("baseline", "none")), dirs, System.out);
            return;
        }
        Target target = Target.from(args);
        if (command.equals("seed")) {
            seed(target, args);
            return;
        }
        Scenario scenario = switch (command) {
            case "smtp" -> new SmtpScenario(target, args);
            case "e2e-latency" -> new E2eLatencyScenario(target, args);
            case "imap-mix" -> new ImapMixScenario(target, args);
            case "pop3" -> new Pop3Scenario(target, args);
            default -> throw new IllegalArgumentException("unknown scenario " + command);
        };
        Map<String, Integer> roots = new LinkedHashMap<>();
        if (args.has("pid-dir")) {
            roots.putAll(ServerProcesses.fromPidDir(Path.of(args.get("pid-dir", "."))));
        }
        roots.putAll(ServerProcesses.parsePids(args.get("pids", "")));
        ServerProcesses server = new ServerProcesses(roots);

        for (int i = 0; i < args.getInt("warmup", 1); i++) {
            System.err.printf("[%s %s] warm-up run %d%n", target.label(), scenario.name(), i + 1);
            scenario.runOnce();
        }
        Report report = new Report(target, scenario);
        int runs = args.getInt("runs", 3);
        for (int i = 0; i < runs; i++) {
            double clientCpu0 = ServerProcesses.selfCpuSeconds();
            server.start();
            Scenario.Measurement m = scenario.runOnce();
            ServerProcesses.Usage usage = server.stop();
            Map<String, Double> metrics = new LinkedHashMap<>(m.metrics());
            if (!server.isEmpty()) {
                metrics.put("server_cpu_s", usage.cpuSeconds());
                metrics.put("server_cpu_ms_per_" + scenario.unit(), m.units() == 0 ? Double.NaN : usage.cpuSeconds() * 1000 / m.units());
                metrics.put("server_peak_rss_mb", usage.peakRssMb());
                metrics.put("server_peak_pss_mb", usage.peakPssMb());
            }
            metrics.put("client_cpu_s", ServerProcesses.selfCpuSeconds() - clientCpu0);
            report.add(metrics, usage.perGroup());
            System.err.printf("[%s %s] run %d/%d: %s%n", target.label(), scenario.name(), i + 1, runs, headline(metrics));
        }
        report.print(System.out);
        if (args.has("json")) {
            report.writeJson(Path.of(args.get("json", "bench.json")));
        }
    }

    private static String headline(Map<String, Double> metrics) {
        StringBuilder sb = new StringBuilder();
        int shown = 0;
        for (Map.Entry<String, Double> e : metrics.entrySet()) {
            if (e.getKey().contains("per_s") || e.getKey().contains("p50") && shown < 4) {
                sb.append(e.getKey()).append('=').append(Report.format(e.getValue())).append(' ');
                shown++;
            }
        }
        return sb.toString().trim();
    }

    /** Fills a mailbox up to --count messages (sending only what is missing) and waits until they are visible. */
    private static void seed(Target target, Args args) throws Exception {
        String to = args.get("to", "alice@example.test");
        String last = to.substring(to.lastIndexOf(',') + 1);
        MailboxWatcher watcher = new MailboxWatcher(target, last, args.get("password", "pw"));
        int want = args.getInt("count", 1000);
        long have = watcher.count();
        if (have >= want) {
            System.out.printf("%s already holds %d messages%n", to, have);
            return;
        }
        List<String> forward = new ArrayList<>(List.of("--count", Long.toString(want - have), "--to", to,
                "--sessions", args.get("sessions", "4"), "--size", args.get("size", "4096"),
                "--time-limit", args.get("time-limit", "600"), "--password", args.get("password", "pw")));
        SmtpScenario smtp = new SmtpScenario(target, new Args(forward.toArray(new String[0])));
        Scenario.Measurement m = smtp.runOnce();
        System.out.printf("seeded %s: %s; it now holds %d messages%n", to, m.metrics(), watcher.count());
    }

    private static void usage() {
        System.err.println("""
                usage: bench SCENARIO [options]
                  common:  --host 127.0.0.1 --smtp-port 2525 --imap-port 2143 --pop3-port 2110 --label NAME
                           --runs 3 --warmup 1 --json FILE --pids name=pid,... --pid-dir DIR
                  smtp         --sessions 10 --count 1000 --size 4096 --connection reuse|new --pipelining true
                               --to load@example.test --password pw --verify-delivery true --time-limit 180
                  e2e-latency  --samples 50 --size 4096 --watch idle|poll --poll-ms 10 --to lat@example.test
                  imap-mix     --clients 20 --duration 20 --user alice@example.test --password pw --search UNSEEN
                  pop3         --clients 10 --duration 20 --users pop1@example.test,... --max-messages 1000
                  seed         --to alice@example.test[,more...] --count 1000 --size 4096 --sessions 4
                  compare      --baseline DIR DIR...   (result folders of *.json, side by side with ratios)""");
    }
}
