package io.mailstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/: the Prometheus scrape config, the alert rules and the Grafana dashboard ask for metrics
 * that exist, under the job names the scrape config gives; promtool accepts the rules and their
 * unit tests when it is installed.
 */
class MonitoringTest {

    private static final Pattern SERIES = Pattern.compile("\\b((?:mailstream|kafka)_[a-z0-9_]+)");
    private static final Pattern KAFKA_ROW = Pattern.compile("^\\|\\s*`(kafka_[a-z0-9_]+)`", Pattern.MULTILINE);

    private final JsonNode rules = Repo.yaml("deploy/prometheus/alerts.yml");

    @Test
    void everyAlertIsNamedOnceWithSeverityAndText() {
        SoftAssertions soft = new SoftAssertions();
        Set<String> names = new HashSet<>();
        for (JsonNode rule : alertRules()) {
            String name = rule.path("alert").asText();
            soft.assertThat(names.add(name)).as("alert %s defined once", name).isTrue();
            soft.assertThat(name).startsWith("Mailstream");
            soft.assertThat(rule.path("expr").asText()).as(name).isNotBlank();
            soft.assertThat(rule.path("labels").path("severity").asText()).as(name).isIn("warning", "critical");
            soft.assertThat(rule.path("annotations").path("summary").asText()).as(name).isNotBlank();
            soft.assertThat(rule.path("annotations").path("description").asText()).as(name).isNotBlank();
        }
        soft.assertAll();
    }

    @Test
    void alertsWatchQueueLagDeliveryFailuresAndTls() {
        List<String> expressions = alertRules().stream().map(r -> r.path("expr").asText()).toList();
        assertThat(String.join("\n", expressions)).contains("mailstream_relay_queue_depth",
                "kafka_consumer_fetch_manager_records_lag", "mailstream_relay_delivery_total",
                "mailstream_delivery_delivered_total", "mailstream_smtp_tls_handshakes_total");
    }

    @Test
    void alertsAndDashboardQueryOnlyMetricsThatExist() {
        Set<String> known = new HashSet<>(MetricCatalogueTest.catalogue().keySet());
        Matcher kafka = KAFKA_ROW.matcher(Repo.read("docs/metrics.md"));
        while (kafka.find()) {
            known.add(kafka.group(1));
        }
        List<String> queries = new ArrayList<>();
        alertRules().forEach(r -> queries.add(r.path("expr").asText()));
        dashboard().findValues("expr").forEach(e -> queries.add(e.asText()));
        SoftAssertions soft = new SoftAssertions();
        for (String query : queries) {
            Matcher m = SERIES.matcher(query);
            while (m.find()) {
                soft.assertThat(known).as("query %s", query).contains(Metrics.family(m.group(1)));
            }
        }
        soft.assertAll();
    }

    @Test
    void dashboardShowsEveryCataloguedMeter() {
        String exprs = String.join("\n", dashboard().findValuesAsText("expr"));
        assertThat(MetricCatalogueTest.catalogue().keySet()).allSatisfy(name -> assertThat(exprs)
                .as("%s has no panel: add one in deploy/grafana/generate-dashboard.py and run it", name).contains(name));
    }

    @Test
    void dashboardIsWellFormed() {
        JsonNode d = dashboard();
        assertThat(d.path("uid").asText()).isEqualTo("mailstream");
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : Repo.each(d.path("panels"))) {
            assertThat(ids.add(panel.path("id").asInt())).as("panel ids are unique").isTrue();
            JsonNode grid = panel.path("gridPos");
            assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as(panel.path("title").asText()).isLessThanOrEqualTo(24);
            for (JsonNode target : Repo.each(panel.path("targets"))) {
                assertThat(target.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
            }
        }
    }

    @Test
    void scrapeConfigHasOneJobPerServiceOnItsHttpPort() {
        JsonNode config = Repo.yaml("deploy/prometheus/prometheus.yml");
        SoftAssertions soft = new SoftAssertions();
        List<String> jobs = config.path("scrape_configs").findValuesAsText("job_name");
        soft.assertThat(jobs).containsExactlyInAnyOrderElementsOf(Repo.SERVICES);
        for (JsonNode job : Repo.each(config.path("scrape_configs"))) {
            String service = job.path("job_name").asText();
            soft.assertThat(job.path("metrics_path").asText()).isEqualTo("/q/metrics");
            List<String> targets = new ArrayList<>();
            job.path("static_configs").forEach(s -> s.path("targets").forEach(t -> targets.add(t.asText())));
            soft.assertThat(targets).as(service).containsExactly(service + ":" + ServiceConfig.of(service).httpPort(Map.of()));
        }
        soft.assertThat(config.path("rule_files").toString()).isEqualTo("[\"alerts.yml\"]");
        soft.assertAll();
    }

    @Test
    void promtoolAcceptsTheRulesAndTheirUnitTestsPass() {
        Tools.assumeInstalled("promtool", "apt-get install prometheus (Debian; promtool comes with it)");
        for (String[] command : new String[][] {
            {"promtool", "check", "config", "deploy/prometheus/prometheus.yml"},
            {"promtool", "check", "rules", "deploy/prometheus/alerts.yml"},
            {"promtool", "test", "rules", "deploy/prometheus/alerts-test.yml"}}) {
            Tools.Result result = Tools.run(command);
            assertThat(result.exitCode()).as("%s:%n%s", String.join(" ", command), result.output()).isZero();
        }
    }

    private List<JsonNode> alertRules() {
        List<JsonNode> all = new ArrayList<>();
        rules.path("groups").forEach(g -> g.path("rules").forEach(all::add));
        assertThat(all).isNotEmpty();
        return all;
    }

    private static JsonNode dashboard() {
        return Repo.json("deploy/grafana/dashboards/mailstream.json");
    }
}
