package io.mailstream.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/**
 * Side by side: the medians of the same scenarios from several result folders (one per target),
 * with the ratio of each to the baseline (the reference). Figures ending in _ms, cpu or rss are
 * better lower; the rest better higher.
 */
final class Compare {

    private Compare() {
    }

    static void run(Path baseline, List<Path> others, PrintStream out) throws IOException {
        TreeSet<String> files = new TreeSet<>();
        for (Path dir : others) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.json")) {
                ds.forEach(p -> files.add(p.getFileName().toString()));
            }
        }
        for (String file : files) {
            JsonNode base = read(baseline.resolve(file));
            List<JsonNode> cols = new ArrayList<>();
            for (Path dir : others) {
                cols.add(read(dir.resolve(file)));
            }
            JsonNode any = cols.stream().filter(c -> c != null).findFirst().orElse(null);
            if (any == null) {
                continue;
            }
            out.printf("%n== %s %s%n", file.replaceFirst("\\.json$", ""), any.path("params"));
            StringBuilder head = new StringBuilder(String.format("   %-26s", "figure (median)"));
            for (JsonNode c : cols) {
                head.append(String.format(" %18s", c == null ? "-" : abbreviate(c.path("label").asText())));
            }
            head.append(String.format(" %18s", base == null ? "(no reference)" : abbreviate(base.path("label").asText())));
            for (JsonNode c : cols) {
                head.append(String.format(" %9s", "ratio"));
            }
            out.println(head);
            Iterator<String> names = any.path("median").fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                StringBuilder row = new StringBuilder(String.format("   %-26s", name + (lowerIsBetter(name) ? " ↓" : "")));
                Double b = value(base, name);
                for (JsonNode c : cols) {
                    row.append(String.format(" %18s", Report.format(value(c, name))));
                }
                row.append(String.format(" %18s", Report.format(b)));
                for (JsonNode c : cols) {
                    Double v = value(c, name);
                    String ratio = v == null || b == null || v.isNaN() || b.isNaN() || b == 0 ? "-" : String.format("%.2fx", v / b);
                    row.append(String.format(" %9s", ratio));
                }
                out.println(row);
            }
        }
        out.println("\n   ratio = column / reference; ↓ marks figures where lower is better.");
    }

    private static boolean lowerIsBetter(String name) {
        return name.endsWith("_ms") || name.contains("cpu") || name.contains("rss") || name.contains("pss") || name.equals("errors")
                || name.equals("refused") || name.equals("timeouts") || name.startsWith("drain");
    }

    private static String abbreviate(String s) {
        return s.length() <= 18 ? s : s.substring(0, 18);
    }

    private static Double value(JsonNode doc, String name) {
        if (doc == null || !doc.path("median").has(name) || !doc.path("median").get(name).isNumber()) {
            return null;
        }
        return doc.path("median").get(name).asDouble();
    }

    private static JsonNode read(Path file) throws IOException {
        return file != null && Files.isRegularFile(file) ? Report.JSON.readTree(file.toFile()) : null;
    }
}
