package io.mailstream.deploy;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mail-specific meters the services register, found in their code, under the names Prometheus
 * shows: Micrometer turns {@code mailstream.smtp.messages.accepted} into
 * {@code mailstream_smtp_messages_accepted_total} (counter), a timer {@code mailstream.smtp.accept}
 * into the {@code mailstream_smtp_accept_seconds} family (_count, _sum, _max, _bucket), and keeps a
 * gauge's name.
 */
final class Metrics {

    enum Type { COUNTER, TIMER, GAUGE }

    /** How a meter is created in this code base: a builder, a registry shortcut, or SmtpMetrics.count. */
    private static final Pattern METER = Pattern.compile(
            "(Counter\\.builder|Timer\\.builder|Gauge\\.builder|registry\\.counter|registry\\.timer|registry\\.gauge|\\bcount)"
                    + "\\(\\s*\"(mailstream\\.[a-z0-9.]+)\"");

    private Metrics() {
    }

    /** Prometheus name (without the suffixes of a timer family) -> type, over the four services. */
    static Map<String, Type> inCode() {
        Map<String, Type> meters = new TreeMap<>();
        for (String service : Repo.SERVICES) {
            for (Path source : Repo.javaSources(service)) {
                Matcher m = METER.matcher(Repo.read(source));
                while (m.find()) {
                    Type type = type(m.group(1));
                    meters.put(prometheusName(m.group(2), type), type);
                }
            }
        }
        return meters;
    }

    static String prometheusName(String micrometerName, Type type) {
        String base = micrometerName.replace('.', '_');
        return switch (type) {
            case COUNTER -> base + "_total";
            case TIMER -> base + "_seconds";
            case GAUGE -> base;
        };
    }

    /** The meter a series name in a query belongs to: timer series lose _count, _sum, _max, _bucket. */
    static String family(String series) {
        return series.replaceAll("_seconds_(count|sum|max|bucket)$", "_seconds");
    }

    private static Type type(String call) {
        if (call.startsWith("Timer") || call.endsWith("timer")) {
            return Type.TIMER;
        }
        if (call.startsWith("Gauge") || call.endsWith("gauge")) {
            return Type.GAUGE;
        }
        return Type.COUNTER;
    }
}
