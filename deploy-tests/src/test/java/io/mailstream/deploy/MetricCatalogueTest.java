package io.mailstream.deploy;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/metrics.md lists every mailstream_ meter the code registers, with the right type, and no other. */
class MetricCatalogueTest {

    /** A catalogue row: | `name` | type | ... */
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`(mailstream_[a-z0-9_]+)`\\s*\\|\\s*(\\w+)", Pattern.MULTILINE);

    static Map<String, String> catalogue() {
        Map<String, String> rows = new TreeMap<>();
        Matcher m = ROW.matcher(Repo.read("docs/metrics.md"));
        while (m.find()) {
            rows.put(m.group(1), m.group(2));
        }
        return rows;
    }

    @Test
    void theCodeRegistersMeters() {
        assertThat(Metrics.inCode()).as("the scanner finds the services' meters").hasSizeGreaterThan(20)
                .containsEntry("mailstream_smtp_messages_accepted_total", Metrics.Type.COUNTER)
                .containsEntry("mailstream_relay_queue_depth", Metrics.Type.GAUGE)
                .containsEntry("mailstream_delivery_latency_seconds", Metrics.Type.TIMER);
    }

    @Test
    void everyMeterInTheCodeIsCatalogued() {
        Map<String, String> expected = new TreeMap<>();
        Metrics.inCode().forEach((name, type) -> expected.put(name, switch (type) {
            case COUNTER -> "counter";
            case GAUGE -> "gauge";
            case TIMER -> "timer";
        }));
        Map<String, String> documented = catalogue();
        assertThat(expected.keySet()).as("meters in the code but not in docs/metrics.md (add a row: name, type, labels, meaning)")
                .isSubsetOf(documented.keySet());
        assertThat(documented.keySet()).as("meters in docs/metrics.md that the code no longer registers")
                .isSubsetOf(expected.keySet());
        assertThat(documented).as("docs/metrics.md: the type of each meter").isEqualTo(expected);
    }

    @Test
    void catalogueNamesFollowPrometheusConventions() {
        catalogue().forEach((name, type) -> {
            if (type.equals("counter")) {
                assertThat(name).endsWith("_total");
            }
            if (type.equals("timer")) {
                assertThat(name).endsWith("_seconds");
            }
            assertThat(Set.of("counter", "gauge", "timer")).contains(type);
        });
    }
}
