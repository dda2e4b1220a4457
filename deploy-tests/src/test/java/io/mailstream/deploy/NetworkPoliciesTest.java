package io.mailstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The NetworkPolicies let through only what must talk: the internet to the mail ports, Prometheus
 * to HTTP, the services to DNS, Kafka and MongoDB, relay-service to remote MX hosts on port 25.
 */
class NetworkPoliciesTest {

    private static final Set<String> MAIL_PORTS = Set.of("smtp", "submission", "smtps", "imap", "imaps", "pop3", "pop3s");

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void everyServiceIsDeniedByDefault(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        SoftAssertions soft = new SoftAssertions();
        for (String service : Repo.SERVICES) {
            boolean ingress = false;
            boolean egress = false;
            for (JsonNode p : policiesFor(r, service)) {
                Set<String> types = new HashSet<>();
                p.path("spec").path("policyTypes").forEach(t -> types.add(t.asText()));
                ingress |= types.contains("Ingress");
                egress |= types.contains("Egress");
            }
            soft.assertThat(ingress).as("%s: ingress isolated", service).isTrue();
            soft.assertThat(egress).as("%s: egress isolated", service).isTrue();
        }
        soft.assertAll();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void onlyMailPortsAreOpenToEveryoneAndHttpOnlyToPrometheus(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        SoftAssertions soft = new SoftAssertions();
        for (String service : Repo.SERVICES) {
            JsonNode container = Pods.serviceContainer(r, service);
            Set<String> openToAll = new HashSet<>();
            Set<String> openToPeers = new HashSet<>();
            for (JsonNode rule : rules(r, service, "ingress")) {
                Set<String> ports = portNames(container, rule.path("ports"));
                (rule.path("from").isEmpty() ? openToAll : openToPeers).addAll(ports);
                for (JsonNode peer : Repo.each(rule.path("from"))) {
                    soft.assertThat(peer.path("podSelector").path("matchLabels").path("app.kubernetes.io/name").asText())
                            .as("%s: only Prometheus is let in from inside the cluster", service).isEqualTo("prometheus");
                }
            }
            Set<String> mailPorts = new HashSet<>(container.path("ports").findValuesAsText("name"));
            mailPorts.retainAll(MAIL_PORTS);
            soft.assertThat(openToAll).as("%s: ports open to everyone", service).containsExactlyInAnyOrderElementsOf(mailPorts);
            soft.assertThat(openToPeers).as("%s: ports open to Prometheus", service).containsExactly("http");
        }
        soft.assertAll();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void servicesReachDnsKafkaAndMongoAndOnlyRelayReachesTheInternet(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        String cluster = KafkaTopicsTest.bootstrapCluster(r);
        SoftAssertions soft = new SoftAssertions();
        for (String service : Repo.SERVICES) {
            Set<String> allowed = new HashSet<>();
            Set<Integer> toAnywhere = new HashSet<>();
            for (JsonNode rule : rules(r, service, "egress")) {
                List<Integer> ports = new ArrayList<>();
                rule.path("ports").forEach(p -> ports.add(p.path("port").asInt()));
                if (rule.path("to").isEmpty()) {
                    toAnywhere.addAll(ports);
                }
                for (JsonNode peer : Repo.each(rule.path("to"))) {
                    Map<String, String> pods = Rendered.labels(peer.path("podSelector").path("matchLabels"));
                    ports.forEach(port -> allowed.add(describePeer(pods) + ":" + port));
                }
            }
            soft.assertThat(allowed).as("%s egress", service).contains("k8s-app=kube-dns:53",
                    "strimzi.io/cluster=" + cluster + ",strimzi.io/kind=Kafka:9092", "app.kubernetes.io/name=mongodb:27017");
            soft.assertThat(toAnywhere).as("%s: egress to any address", service)
                    .isEqualTo("relay-service".equals(service) ? Set.of(25, 53) : Set.of());
        }
        soft.assertAll();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev"})
    void devMongoPodsCarryTheLabelThePoliciesAllow(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        JsonNode selector = Repo.yamlText("{app.kubernetes.io/name: mongodb}");
        org.assertj.core.api.Assertions.assertThat(r.workloadsMatching(selector)).extracting(Rendered::name)
                .containsExactly("mailstream-mongodb");
    }

    private static String describePeer(Map<String, String> labels) {
        return labels.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(e -> e.getKey() + "=" + e.getValue())
                .reduce((a, b) -> a + "," + b).orElse("");
    }

    /** The policies that select the service's pods. */
    private static List<JsonNode> policiesFor(Rendered r, String service) {
        JsonNode pod = Rendered.podTemplate(r.get("Deployment", service)).path("metadata").path("labels");
        return r.all("NetworkPolicy").stream().filter(p -> Rendered.labels(pod).entrySet()
                .containsAll(Rendered.labels(p.path("spec").path("podSelector").path("matchLabels")).entrySet())).toList();
    }

    private static List<JsonNode> rules(Rendered r, String service, String direction) {
        List<JsonNode> rules = new ArrayList<>();
        policiesFor(r, service).forEach(p -> p.path("spec").path(direction).forEach(rules::add));
        return rules;
    }

    /** The container's port names a rule's ports cover (all of them when the rule names none). */
    private static Set<String> portNames(JsonNode container, JsonNode ports) {
        Set<String> names = new HashSet<>();
        if (ports.isMissingNode() || ports.isEmpty()) {
            names.addAll(container.path("ports").findValuesAsText("name"));
        }
        for (JsonNode p : Repo.each(ports)) {
            Pods.resolvePort(container, p.path("port")).flatMap(n -> Pods.portName(container, n)).ifPresentOrElse(names::add,
                    () -> names.add("unknown port " + p.path("port")));
        }
        return names;
    }
}
