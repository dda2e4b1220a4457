package io.mailstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml: real Kafka and MongoDB images, the four services built from their
 * Dockerfile.jvm, configured through variables they read, published on the ports they listen on;
 * Prometheus and Grafana with the files of deploy/.
 */
class DockerComposeTest {

    private static final Pattern DEFAULTED = Pattern.compile("\\$\\{[A-Z_]+:-([^}]*)}");

    private final JsonNode compose = Repo.yamlResolved("docker-compose.yml");
    private final JsonNode services = compose.path("services");

    @Test
    void runsRealKafkaAndMongoImagesAndTheMonitoringStack() {
        assertThat(services.path("kafka").path("image").asText()).startsWith("apache/kafka:");
        assertThat(services.path("mongo").path("image").asText()).startsWith("mongo:");
        assertThat(services.path("mongo").path("command").toString()).contains("--replSet");
        assertThat(services.path("prometheus").path("image").asText()).startsWith("prom/prometheus:");
        assertThat(services.path("grafana").path("image").asText()).startsWith("grafana/grafana:");
        assertThat(services.path("prometheus").path("volumes").toString()).contains("./deploy/prometheus:/etc/prometheus");
        assertThat(services.path("grafana").path("volumes").toString())
                .contains("./deploy/grafana/provisioning:/etc/grafana/provisioning")
                .contains("./deploy/grafana/dashboards:/var/lib/grafana/dashboards");
        // The provisioning file must point where the dashboards are mounted.
        assertThat(Repo.yaml("deploy/grafana/provisioning/dashboards/mailstream.yml").findValue("path").asText())
                .isEqualTo("/var/lib/grafana/dashboards");
    }

    @Test
    void servicesAreBuiltFromTheirDockerfiles() {
        SoftAssertions soft = new SoftAssertions();
        for (String service : Repo.SERVICES) {
            JsonNode build = services.path(service).path("build");
            soft.assertThat(build.path("context").asText()).isEqualTo(service);
            soft.assertThat(Files.isRegularFile(Repo.path(service).resolve(build.path("dockerfile").asText())))
                    .as("%s: %s exists", service, build.path("dockerfile").asText()).isTrue();
            soft.assertThat(services.path(service).path("read_only").asBoolean()).as("%s read-only", service).isTrue();
        }
        soft.assertAll();
    }

    @Test
    void everyEnvironmentVariableIsReadByItsService() {
        SoftAssertions soft = new SoftAssertions();
        for (String service : Repo.SERVICES) {
            ServiceConfig config = ServiceConfig.of(service);
            environment(service).keySet().forEach(name -> soft.assertThat(config.reads(name))
                    .as("%s reads the environment variable %s", service, name).isTrue());
        }
        soft.assertAll();
    }

    @Test
    void publishedPortsAreWhatTheServicesListenOn() {
        SoftAssertions soft = new SoftAssertions();
        for (String service : Repo.SERVICES) {
            ServiceConfig config = ServiceConfig.of(service);
            Map<String, String> env = environment(service);
            Set<Integer> listening = config.listenerPorts(env);
            Set<Integer> published = new HashSet<>();
            for (JsonNode mapping : Repo.each(services.path(service).path("ports"))) {
                String text = mapping.asText();
                published.add(Integer.parseInt(text.substring(text.lastIndexOf(':') + 1)));
            }
            soft.assertThat(listening).as("%s publishes only ports it listens on", service).containsAll(published);
            soft.assertThat(published).as("%s publishes its HTTP port", service).contains(config.httpPort(env));
        }
        soft.assertThat(publishedContainerPorts("smtp-ingress")).contains(2525);
        soft.assertThat(publishedContainerPorts("mailbox-api")).contains(2143, 2110);
        soft.assertAll();
    }

    @Test
    void dockerComposeAcceptsTheFile() {
        Tools.assumeInstalled("docker-compose", "apt-get install docker-compose (Debian), or use `docker compose config`");
        Tools.Result result = Tools.run(Map.of("MAILSTREAM_ADMIN_TOKEN", "test-token", "GRAFANA_ADMIN_PASSWORD", "test"),
                "docker-compose", "-f", "docker-compose.yml", "config", "-q");
        assertThat(result.exitCode()).as("docker-compose config:%n%s", result.output()).isZero();
    }

    private Set<Integer> publishedContainerPorts(String service) {
        Set<Integer> ports = new HashSet<>();
        Repo.each(services.path(service).path("ports")).forEach(m -> ports.add(Integer.parseInt(m.asText().replaceAll(".*:", ""))));
        return ports;
    }

    /** The service's environment with the x-service-env anchor merged in and ${VAR:-default} resolved. */
    private Map<String, String> environment(String service) {
        Map<String, String> env = new HashMap<>();
        services.path(service).path("environment").fields().forEachRemaining(e -> {
            Matcher defaulted = DEFAULTED.matcher(e.getValue().asText());
            env.put(e.getKey(), defaulted.matches() ? defaulted.group(1) : e.getValue().asText());
        });
        return env;
    }
}
