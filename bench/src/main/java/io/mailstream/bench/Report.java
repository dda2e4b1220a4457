package io.mailstream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures of one scenario against one target: every run, the median of each figure over the
 * runs, the server's processes, the machine. Printed as a table; written as JSON.
 */
final class Report {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Target target;
    private final Scenario scenario;
    private final List<Map<String, Double>> runs = new ArrayList<>();
    private final List<Map<String, double[]>> processRuns = new ArrayList<>();

    Report(Target target, Scenario scenario) {
        this.target = target;
        this.scenario = scenario;
    }

    void add(Map<String, Double> metrics, Map<String, double[]> processes) {
        runs.add(metrics);
        processRuns.add(processes);
    }

    Map<String, Double> medians() {
        Map<String, Double> med = new LinkedHashMap<>();
        for (String key : runs.get(0).keySet()) {
            double[] values = runs.stream().map(r -> r.get(key)).filter(v -> v != null && !v.isNaN())
                    .mapToDouble(Double::doubleValue).sorted().toArray();
            med.put(key, values.length == 0 ? Double.NaN : median(values));
        }
        return med;
    }

    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Per process group: median CPU seconds per run and the highest peak RSS of any run. */
    Map<String, Map<String, Double>> processes() {
        Map<String, Map<String, Double>> out = new TreeMap<>();
        for (String group : processRuns.isEmpty() ? List.<String>of() : processRuns.get(processRuns.size() - 1).keySet()) {
            double[] cpu = processRuns.stream().filter(p -> p.containsKey(group)).mapToDouble(p -> p.get(group)[0]).sorted().toArray();
            double rss = processRuns.stream().filter(p -> p.containsKey(group)).mapToDouble(p -> p.get(group)[1]).max().orElse(0);
            Map<String, Double> g = new LinkedHashMap<>();
            g.put("cpu_s_per_run", median(cpu));
            g.put("peak_rss_mb", rss);
            out.put(group, g);
        }
        return out;
    }

    void print(PrintStream out) {
        out.printf("%n== %s against %s (%s:%d/%d/%d), %d run(s), medians%n", scenario.name(), target.label(),
                target.host(), target.smtpPort(), target.imapPort(), target.pop3Port(), runs.size());
        out.println("   params " + scenario.params());
        for (Map.Entry<String, Double> e : medians().entrySet()) {
            StringBuilder all = new StringBuilder();
            for (Map<String, Double> r : runs) {
                all.append(all.length() == 0 ? "" : " ").append(format(r.get(e.getKey())));
            }
            out.printf("   %-28s %12s   runs: %s%n", e.getKey(), format(e.getValue()), all);
        }
        Map<String, Map<String, Double>> procs = processes();
        if (!procs.isEmpty()) {
            out.printf("   %-28s %12s %12s%n", "process", "cpu s/run", "peak RSS MB");
            procs.forEach((g, v) -> out.printf("   %-28s %12s %12s%n", g, format(v.get("cpu_s_per_run")), format(v.get("peak_rss_mb"))));
        }
    }

    void writeJson(Path file) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("scenario", scenario.name());
        doc.put("label", target.label());
        doc.put("unit", scenario.unit());
        doc.put("target", Map.of("host", target.host(), "smtpPort", target.smtpPort(), "imapPort", target.imapPort(), "pop3Port", target.pop3Port()));
        doc.put("params", scenario.params());
        doc.put("machine", Machine.describe());
        doc.put("finishedAt", Instant.now().toString());
        doc.put("median", medians());
        doc.put("runs", runs);
        doc.put("processes", processes());
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        JSON.writeValue(file.toFile(), doc);
    }

    static String format(Double v) {
        if (v == null || v.isNaN()) {
            return "-";
        }
        double a = Math.abs(v);
        if (a == Math.rint(a) && a < 1e9) {
            return String.format("%d", v.longValue());
        }
        return a >= 100 ? String.format("%.1f", v) : a >= 1 ? String.format("%.2f", v) : String.format("%.4f", v);
    }

    static String[] sortedKeys(Map<String, ?> map) {
        String[] keys = map.keySet().toArray(new String[0]);
        Arrays.sort(keys);
        return keys;
    }
}
