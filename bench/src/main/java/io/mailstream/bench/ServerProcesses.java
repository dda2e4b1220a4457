package io.mailstream.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The processes of the server under test, read from /proc: named root PIDs and all their
 * descendants (Postfix and Dovecot fork workers; Mailstream's JVMs have none). The total CPU is
 * utime+stime+cutime+cstime over the tree, so a worker that exits during a run still counts, in
 * its parent's cutime, once it is reaped. Per group, each process's own utime+stime is sampled
 * every 250 ms with its memory; what a worker used after its last sample before exiting shows as
 * "(exited, unattributed)". The peak of the summed memory is the server's peak.
 */
final class ServerProcesses {

    /**
     * CPU seconds used and peak memory (MiB) over one measured interval: the peak of the summed
     * RSS, the peak of the summed PSS (shared pages split between the processes sharing them, so
     * that forked workers are not counted many times), and per group {cpu seconds, peak RSS}.
     */
    record Usage(double cpuSeconds, double peakRssMb, double peakPssMb, Map<String, double[]> perGroup) {
    }

    private static final Path PROC = Path.of("/proc");
    private static final long PAGE_SIZE = 4096;

    private final Map<String, Integer> roots;
    private static final double CLOCK_TICKS = readClockTicks();
    private final Map<String, Long> peakGroupRss = new HashMap<>();
    private long peakTotalRss;
    private long peakTotalPss;
    private long startTotalTicks;
    private final Map<Integer, Long> startOwn = new HashMap<>();
    private final Map<Integer, Long> lastOwn = new HashMap<>();
    private final Map<Integer, String> groupOf = new HashMap<>();
    private Thread sampler;
    private volatile boolean sampling;

    ServerProcesses(Map<String, Integer> roots) {
        this.roots = new LinkedHashMap<>(roots);
    }

    boolean isEmpty() {
        return roots.isEmpty();
    }

    /** Reads root PIDs from {@code name=pid,...}. */
    static Map<String, Integer> parsePids(String spec) {
        Map<String, Integer> roots = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) {
            return roots;
        }
        for (String part : spec.split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length == 2 && !kv[1].isBlank()) {
                roots.put(kv[0], Integer.parseInt(kv[1].trim()));
            }
        }
        return roots;
    }

    /** Reads root PIDs from the *.pid files of a directory (Mailstream's data/run). */
    static Map<String, Integer> fromPidDir(Path dir) throws IOException {
        Map<String, Integer> roots = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.pid")) {
            for (Path f : files) {
                String name = f.getFileName().toString().replaceFirst("\\.pid$", "");
                String pid = Files.readString(f).trim();
                if (!pid.isEmpty()) {
                    roots.put(name, Integer.parseInt(pid));
                }
            }
        }
        return roots;
    }

    void start() {
        startTotalTicks = totalTicks();
        synchronized (this) {
            startOwn.clear();
            lastOwn.clear();
            groupOf.clear();
            for (Map.Entry<Integer, String> p : tree().entrySet()) {
                long[] t = readStat(PROC.resolve(Integer.toString(p.getKey())).resolve("stat"));
                if (t != null) {
                    startOwn.put(p.getKey(), t[1] + t[2]);
                }
            }
            peakGroupRss.clear();
            peakTotalRss = 0;
            peakTotalPss = 0;
        }
        sampling = true;
        sampler = new Thread(() -> {
            while (sampling) {
                sampleRss();
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "rss-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    Usage stop() {
        sampling = false;
        sampler.interrupt();
        try {
            sampler.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sampleRss();
        long total = totalTicks() - startTotalTicks;
        Map<String, double[]> perGroup = new TreeMap<>();
        synchronized (this) {
            Map<String, Long> own = new HashMap<>();
            for (Map.Entry<Integer, Long> e : lastOwn.entrySet()) {
                own.merge(groupOf.get(e.getKey()), e.getValue() - startOwn.getOrDefault(e.getKey(), 0L), Long::sum);
            }
            long attributed = 0;
            for (Map.Entry<String, Long> e : own.entrySet()) {
                attributed += e.getValue();
                perGroup.put(e.getKey(), new double[] {e.getValue() / CLOCK_TICKS, mib(peakGroupRss.getOrDefault(e.getKey(), 0L))});
            }
            if (total - attributed > 0) {
                perGroup.put("(exited, unattributed)", new double[] {(total - attributed) / CLOCK_TICKS, 0});
            }
            return new Usage(total / CLOCK_TICKS, mib(peakTotalRss), mib(peakTotalPss), perGroup);
        }
    }

    /** CPU seconds this JVM (the load generator) has used so far. */
    static double selfCpuSeconds() {
        long[] t = readStat(Path.of("/proc/self/stat"));
        return t == null ? Double.NaN : (t[1] + t[2]) / CLOCK_TICKS;
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    private void sampleRss() {
        Map<String, Long> rss = new HashMap<>();
        long total = 0;
        long pss = 0;
        Map<Integer, Long> own = new HashMap<>();
        Map<Integer, String> tree = tree();
        for (Map.Entry<Integer, String> p : tree.entrySet()) {
            long[] t = readStat(PROC.resolve(Integer.toString(p.getKey())).resolve("stat"));
            if (t != null) {
                own.put(p.getKey(), t[1] + t[2]);
            }
            long bytes = rssBytes(p.getKey());
            rss.merge(p.getValue(), bytes, Long::sum);
            total += bytes;
            pss += pssBytes(p.getKey(), bytes);
        }
        synchronized (this) {
            peakTotalRss = Math.max(peakTotalRss, total);
            peakTotalPss = Math.max(peakTotalPss, pss);
            lastOwn.putAll(own);
            groupOf.putAll(tree);
            rss.forEach((k, v) -> peakGroupRss.merge(k, v, Math::max));
        }
    }

    private long totalTicks() {
        long ticks = 0;
        for (int pid : tree().keySet()) {
            long[] t = readStat(PROC.resolve(Integer.toString(pid)).resolve("stat"));
            if (t != null) {
                ticks += t[1] + t[2] + t[3] + t[4];
            }
        }
        return ticks;
    }

    /** Every live process of the server: PID to group name (root name, or root/comm for descendants). */
    private Map<Integer, String> tree() {
        Map<Integer, List<Integer>> children = new HashMap<>();
        Map<Integer, String> comms = new HashMap<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path d : dirs) {
                String stat;
                try {
                    stat = Files.readString(d.resolve("stat"));
                } catch (IOException e) {
                    continue; // exited meanwhile
                }
                int pid = Integer.parseInt(d.getFileName().toString());
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                String[] f = stat.substring(close + 2).split(" ");
                children.computeIfAbsent(Integer.parseInt(f[1]), k -> new ArrayList<>()).add(pid);
                comms.put(pid, stat.substring(open + 1, close));
            }
        } catch (IOException e) {
            return Map.of();
        }
        Map<Integer, String> tree = new HashMap<>();
        for (Map.Entry<String, Integer> root : roots.entrySet()) {
            if (!comms.containsKey(root.getValue())) {
                continue;
            }
            tree.put(root.getValue(), root.getKey());
            Deque<Integer> todo = new ArrayDeque<>(children.getOrDefault(root.getValue(), List.of()));
            while (!todo.isEmpty()) {
                int pid = todo.pop();
                tree.put(pid, root.getKey() + "/" + comms.get(pid).replaceFirst("^dovecot-[^/]*/", ""));
                todo.addAll(children.getOrDefault(pid, List.of()));
            }
        }
        return tree;
    }

    /** {ppid, utime, stime, cutime, cstime} in clock ticks, or null if the process is gone. */
    static long[] readStat(Path statFile) {
        try {
            String stat = Files.readString(statFile);
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // After "pid (comm) ": state ppid ... utime(14) stime(15) cutime(16) cstime(17), 1-based.
            return new long[] {Long.parseLong(f[1]), Long.parseLong(f[11]), Long.parseLong(f[12]),
                Long.parseLong(f[13]), Long.parseLong(f[14])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long rssBytes(int pid) {
        try {
            String[] statm = Files.readString(PROC.resolve(Integer.toString(pid)).resolve("statm")).trim().split(" ");
            return Long.parseLong(statm[1]) * PAGE_SIZE;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Proportional set size from smaps_rollup (Linux 4.14+), or the RSS where it cannot be read. */
    private static long pssBytes(int pid, long rss) {
        try {
            for (String line : Files.readAllLines(PROC.resolve(Integer.toString(pid)).resolve("smaps_rollup"))) {
                if (line.startsWith("Pss:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return rss;
    }

    private static double readClockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return Double.parseDouble(out);
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
