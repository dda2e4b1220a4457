package io.mailstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rendered overlays hang together: selectors find pods, ports line up from the load balancer
 * to the port the service's own configuration makes it listen on, probes ask the real health
 * endpoints, every ConfigMap and Secret a pod needs is defined, and pods run hardened.
 */
class KubernetesManifestsTest {

    private static final Map<String, String> HEALTH = Map.of("startupProbe", "/q/health/started",
            "livenessProbe", "/q/health/live", "readinessProbe", "/q/health/ready");

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void everyServiceHasItsObjects(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        for (String service : Repo.SERVICES) {
            r.get("Deployment", service);
            r.get("Service", service);
            r.get("PodDisruptionBudget", service);
        }
        JsonNode hpa = r.get("HorizontalPodAutoscaler", "smtp-ingress");
        assertThat(hpa.path("spec").path("scaleTargetRef").path("name").asText()).isEqualTo("smtp-ingress");
        assertThat(r.get("Deployment", "smtp-ingress").path("spec").has("replicas"))
                .as("the HPA owns smtp-ingress's replica count; a fixed count would fight it on every apply").isFalse();
        assertThat(r.all("ServiceMonitor")).hasSize(1);
        assertThat(r.all("PrometheusRule")).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void selectorsMatchPodLabels(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        SoftAssertions soft = new SoftAssertions();
        for (JsonNode w : r.workloads()) {
            Map<String, String> selector = Rendered.labels(w.path("spec").path("selector").path("matchLabels"));
            soft.assertThat(Rendered.labels(Rendered.podTemplate(w).path("metadata").path("labels")))
                    .as("%s: pod labels contain its selector", Rendered.describe(w)).containsAllEntriesOf(selector);
        }
        for (JsonNode s : r.all("Service")) {
            soft.assertThat(r.workloadsMatching(s.path("spec").path("selector"))).as("%s selects pods", Rendered.describe(s))
                    .isNotEmpty();
        }
        for (JsonNode p : r.all("PodDisruptionBudget")) {
            soft.assertThat(r.workloadsMatching(p.path("spec").path("selector").path("matchLabels")))
                    .as("%s selects pods", Rendered.describe(p)).isNotEmpty();
        }
        for (JsonNode n : r.all("NetworkPolicy")) {
            soft.assertThat(r.workloadsMatching(n.path("spec").path("podSelector").path("matchLabels")))
                    .as("%s selects pods", Rendered.describe(n)).isNotEmpty();
        }
        for (JsonNode h : r.all("HorizontalPodAutoscaler")) {
            JsonNode target = h.path("spec").path("scaleTargetRef");
            soft.assertThat(r.find(target.path("kind").asText(), target.path("name").asText()))
                    .as("%s scales an existing workload", Rendered.describe(h)).isPresent();
        }
        for (JsonNode m : r.all("ServiceMonitor")) {
            Map<String, String> wanted = Rendered.labels(m.path("spec").path("selector").path("matchLabels"));
            var services = r.all("Service").stream().filter(s -> Rendered.labels(s.path("metadata").path("labels"))
                    .entrySet().containsAll(wanted.entrySet())).toList();
            soft.assertThat(services.stream().map(Rendered::name)).as("%s scrapes every service", Rendered.describe(m))
                    .containsExactlyInAnyOrderElementsOf(Repo.SERVICES);
            for (JsonNode endpoint : Repo.each(m.path("spec").path("endpoints"))) {
                soft.assertThat(endpoint.path("path").asText()).isEqualTo("/q/metrics");
                for (JsonNode s : services) {
                    soft.assertThat(s.path("spec").path("ports").findValuesAsText("name"))
                            .as("%s has the port %s scraped", Rendered.describe(s), endpoint.path("port").asText())
                            .contains(endpoint.path("port").asText());
                }
            }
        }
        soft.assertAll();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void containerPortsAreWhatTheServicesListenOn(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        SoftAssertions soft = new SoftAssertions();
        for (String service : Repo.SERVICES) {
            JsonNode container = Pods.serviceContainer(r, service);
            Set<Integer> declared = new HashSet<>(container.path("ports").findValues("containerPort").stream()
                    .map(JsonNode::asInt).toList());
            soft.assertThat(declared).as("%s: container ports = the ports its configuration (application.properties + env) opens", service)
                    .containsExactlyInAnyOrderElementsOf(ServiceConfig.of(service).listenerPorts(Pods.environment(r, container)));
        }
        for (JsonNode s : r.all("Service")) {
            for (JsonNode port : Repo.each(s.path("spec").path("ports"))) {
                for (JsonNode w : r.workloadsMatching(s.path("spec").path("selector"))) {
                    boolean found = false;
                    for (JsonNode c : Pods.containers(w)) {
                        found |= Pods.resolvePort(c, port.path("targetPort")).isPresent();
                    }
                    soft.assertThat(found).as("%s port %s: targetPort %s exists in %s", Rendered.describe(s),
                            port.path("name").asText(), port.path("targetPort"), Rendered.describe(w)).isTrue();
                }
            }
        }
        soft.assertAll();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void probesAskTheHealthEndpointsOnTheHttpPort(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        SoftAssertions soft = new SoftAssertions();
        for (String service : Repo.SERVICES) {
            JsonNode container = Pods.serviceContainer(r, service);
            int http = ServiceConfig.of(service).httpPort(Pods.environment(r, container));
            HEALTH.forEach((probe, path) -> {
                JsonNode get = container.path(probe).path("httpGet");
                soft.assertThat(get.path("path").asText()).as("%s %s path", service, probe).isEqualTo(path);
                soft.assertThat(Pods.resolvePort(container, get.path("port"))).as("%s %s port", service, probe)
                        .contains(http);
            });
        }
        soft.assertAll();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void everyReferencedConfigMapAndSecretKeyExists(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        Map<String, Set<String>> secrets = r.secretKeys();
        Map<String, Map<String, String>> configMaps = r.configMaps();
        SoftAssertions soft = new SoftAssertions();
        for (JsonNode w : r.workloads()) {
            String where = Rendered.describe(w);
            for (JsonNode c : Pods.containers(w)) {
                for (JsonNode from : Repo.each(c.path("envFrom"))) {
                    if (from.has("configMapRef")) {
                        soft.assertThat(configMaps).as("%s envFrom", where).containsKey(from.path("configMapRef").path("name").asText());
                    }
                    if (from.has("secretRef")) {
                        soft.assertThat(secrets).as("%s envFrom", where).containsKey(from.path("secretRef").path("name").asText());
                    }
                }
                for (JsonNode e : Repo.each(c.path("env"))) {
                    JsonNode cm = e.path("valueFrom").path("configMapKeyRef");
                    if (!cm.isMissingNode()) {
                        soft.assertThat(configMaps.getOrDefault(cm.path("name").asText(), Map.of()))
                                .as("%s env %s", where, e.path("name").asText()).containsKey(cm.path("key").asText());
                    }
                    JsonNode secret = e.path("valueFrom").path("secretKeyRef");
                    if (!secret.isMissingNode()) {
                        soft.assertThat(secrets.getOrDefault(secret.path("name").asText(), Set.of()))
                                .as("%s env %s: Secret %s", where, e.path("name").asText(), secret.path("name").asText())
                                .contains(secret.path("key").asText());
                    }
                }
            }
            for (JsonNode v : Repo.each(Rendered.podTemplate(w).path("spec").path("volumes"))) {
                if (v.has("secret")) {
                    String name = v.path("secret").path("secretName").asText();
                    soft.assertThat(secrets).as("%s volume %s", where, v.path("name").asText()).containsKey(name);
                    for (JsonNode item : Repo.each(v.path("secret").path("items"))) {
                        soft.assertThat(secrets.getOrDefault(name, Set.of())).as("%s volume %s", where, v.path("name").asText())
                                .contains(item.path("key").asText());
                    }
                }
                if (v.has("configMap")) {
                    soft.assertThat(configMaps).as("%s volume %s", where, v.path("name").asText())
                            .containsKey(v.path("configMap").path("name").asText());
                }
            }
        }
        soft.assertAll();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void everyEnvironmentVariableIsReadByItsService(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        Map<String, Map<String, String>> configMaps = r.configMaps();
        SoftAssertions soft = new SoftAssertions();
        Map<String, Set<String>> sharedKeyReaders = new java.util.HashMap<>();
        for (String service : Repo.SERVICES) {
            ServiceConfig config = ServiceConfig.of(service);
            JsonNode container = Pods.serviceContainer(r, service);
            for (JsonNode e : Repo.each(container.path("env"))) {
                soft.assertThat(config.reads(e.path("name").asText()))
                        .as("%s reads the environment variable %s", service, e.path("name").asText()).isTrue();
            }
            for (JsonNode from : Repo.each(container.path("envFrom"))) {
                String name = from.path("configMapRef").path("name").asText(null);
                configMaps.getOrDefault(name, Map.of()).keySet().forEach(key -> {
                    Set<String> readers = sharedKeyReaders.computeIfAbsent(key, k -> new HashSet<>());
                    if (config.reads(key)) {
                        readers.add(service);
                    }
                });
            }
        }
        sharedKeyReaders.forEach((key, readers) -> soft.assertThat(readers)
                .as("ConfigMap entry %s is read by at least one service that loads it", key).isNotEmpty());
        soft.assertAll();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void tlsCertificateAndKeyAreMountedWhereTheServicesLookForThem(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        SoftAssertions soft = new SoftAssertions();
        for (String service : Repo.SERVICES) {
            JsonNode container = Pods.serviceContainer(r, service);
            Map<String, String> env = Pods.environment(r, container);
            boolean tlsListeners = container.path("ports").findValuesAsText("name").stream()
                    .anyMatch(Set.of("submission", "smtps", "imaps", "pop3s")::contains);
            soft.assertThat(env.containsKey("MAILSTREAM_TLS_CERT")).as("%s: TLS listeners need mailstream.tls.cert/key", service)
                    .isEqualTo(tlsListeners);
            for (String variable : new String[] {"MAILSTREAM_TLS_CERT", "MAILSTREAM_TLS_KEY"}) {
                if (env.containsKey(variable)) {
                    soft.assertThat(secretFileAt(r, service, container, env.get(variable)))
                            .as("%s: %s=%s is a file of a mounted Secret", service, variable, env.get(variable)).isTrue();
                }
            }
        }
        soft.assertAll();
    }

    /** Whether {@code path} is an item of a Secret volume mounted into the container. */
    private static boolean secretFileAt(Rendered r, String service, JsonNode container, String path) {
        JsonNode pod = Rendered.podTemplate(r.get("Deployment", service)).path("spec");
        for (JsonNode mount : Repo.each(container.path("volumeMounts"))) {
            for (JsonNode v : Repo.each(pod.path("volumes"))) {
                if (v.path("name").asText().equals(mount.path("name").asText()) && v.has("secret")) {
                    for (JsonNode item : Repo.each(v.path("secret").path("items"))) {
                        if ((mount.path("mountPath").asText() + "/" + item.path("path").asText()).equals(path)) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void podsRunAsNonRootOnReadOnlyRootFilesystemsWithResources(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        SoftAssertions soft = new SoftAssertions();
        for (JsonNode w : r.workloads()) {
            String where = Rendered.describe(w);
            JsonNode pod = Rendered.podTemplate(w).path("spec");
            soft.assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).as("%s runAsNonRoot", where).isTrue();
            soft.assertThat(pod.path("securityContext").path("runAsUser").asInt()).as("%s runAsUser", where).isPositive();
            for (JsonNode c : Pods.containers(w)) {
                JsonNode security = c.path("securityContext");
                soft.assertThat(security.path("readOnlyRootFilesystem").asBoolean()).as("%s read-only root", where).isTrue();
                soft.assertThat(security.path("allowPrivilegeEscalation").asBoolean(true)).as("%s privilege escalation", where).isFalse();
                soft.assertThat(security.path("capabilities").path("drop").toString()).as("%s drops ALL", where).contains("\"ALL\"");
                soft.assertThat(c.path("resources").path("requests").has("cpu")).as("%s cpu request", where).isTrue();
                soft.assertThat(c.path("resources").path("requests").has("memory")).as("%s memory request", where).isTrue();
                soft.assertThat(c.path("resources").path("limits").has("memory")).as("%s memory limit", where).isTrue();
                soft.assertThat(c.path("image").asText()).as("%s image has a fixed tag", where).matches(".+:[^:/]+")
                        .doesNotEndWith(":latest");
            }
        }
        soft.assertAll();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void mailPortsAreLoadBalancedOnTheirStandardNumbersKeepingClientAddresses(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        Map<String, Integer> standard = Map.of("smtp", 25, "submission", 587, "smtps", 465, "imap", 143, "imaps", 993,
                "pop3", 110, "pop3s", 995);
        SoftAssertions soft = new SoftAssertions();
        Set<String> exposed = new HashSet<>();
        for (JsonNode s : r.all("Service")) {
            if (!"mailstream".equals(s.path("metadata").path("labels").path("app.kubernetes.io/part-of").asText())) {
                continue; // Kafka, MongoDB
            }
            if (!"LoadBalancer".equals(s.path("spec").path("type").asText())) {
                soft.assertThat(s.path("spec").path("ports").findValuesAsText("name")).as("%s is internal: HTTP only", Rendered.describe(s))
                        .containsOnly("http");
                continue;
            }
            soft.assertThat(s.path("spec").path("externalTrafficPolicy").asText()).as("%s keeps client IPs", Rendered.describe(s))
                    .isEqualTo("Local");
            for (JsonNode port : Repo.each(s.path("spec").path("ports"))) {
                String name = port.path("targetPort").asText();
                soft.assertThat(standard).as("%s exposes only mail ports", Rendered.describe(s)).containsKey(name);
                soft.assertThat(port.path("port").asInt()).as("%s %s", Rendered.describe(s), name).isEqualTo(standard.getOrDefault(name, -1));
                exposed.add(name);
            }
        }
        soft.assertThat(exposed).containsExactlyInAnyOrderElementsOf(standard.keySet());
        soft.assertAll();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void prometheusRuleCarriesTheAlertRulesOfDeploy(String overlay) {
        JsonNode rule = Rendered.overlay(overlay).all("PrometheusRule").get(0);
        assertThat(rule.path("spec").path("groups"))
                .as("k8s/base/prometheus-rule.yaml is out of date: run deploy/sync-prometheus-rule.sh")
                .isEqualTo(Repo.yaml("deploy/prometheus/alerts.yml").path("groups"));
    }
}
