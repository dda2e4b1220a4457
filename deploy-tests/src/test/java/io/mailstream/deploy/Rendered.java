package io.mailstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The objects of one kustomize overlay as {@code kubectl kustomize} renders them, with lookups. */
final class Rendered {

    static final List<String> OVERLAYS = List.of("dev", "production");

    private static final Map<String, Rendered> CACHE = new ConcurrentHashMap<>();

    final String overlay;
    final List<JsonNode> objects;

    private Rendered(String overlay, List<JsonNode> objects) {
        this.overlay = overlay;
        this.objects = objects;
    }

    /**
     * Renders {@code k8s/overlays/<overlay>} once per test run, with {@code kubectl kustomize} or the
     * standalone {@code kustomize build}; skips the test when neither is installed.
     */
    static Rendered overlay(String overlay) {
        boolean kubectl = Tools.installed("kubectl");
        if (!kubectl) {
            Tools.assumeInstalled("kustomize", "apt-get install kubectl (Kubernetes apt repository, pkgs.k8s.io), "
                    + "or put the kustomize binary on the PATH");
        }
        return CACHE.computeIfAbsent(overlay, o -> {
            String dir = "k8s/overlays/" + o;
            Tools.Result result = kubectl ? Tools.run("kubectl", "kustomize", dir) : Tools.run("kustomize", "build", dir);
            assertThat(result.exitCode()).as("rendering %s:%n%s", dir, result.output()).isZero();
            return new Rendered(o, Repo.yamlDocuments(result.output()));
        });
    }

    List<JsonNode> all(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    Optional<JsonNode> find(String kind, String name) {
        return all(kind).stream().filter(o -> name.equals(name(o))).findFirst();
    }

    JsonNode get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError(overlay + ": no " + kind + " " + name));
    }

    static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }

    static String describe(JsonNode object) {
        return object.path("kind").asText() + "/" + name(object);
    }

    /** The pod template of a workload (Deployment, StatefulSet). */
    static JsonNode podTemplate(JsonNode workload) {
        return workload.path("spec").path("template");
    }

    List<JsonNode> workloads() {
        return objects.stream().filter(o -> Set.of("Deployment", "StatefulSet").contains(o.path("kind").asText()))
                .toList();
    }

    /** The workloads whose pod labels contain every pair of {@code selector} (a matchLabels map). */
    List<JsonNode> workloadsMatching(JsonNode selector) {
        Map<String, String> wanted = labels(selector);
        return workloads().stream().filter(w -> labels(podTemplate(w).path("metadata").path("labels"))
                .entrySet().containsAll(wanted.entrySet())).toList();
    }

    static Map<String, String> labels(JsonNode map) {
        Map<String, String> labels = new HashMap<>();
        map.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    /**
     * The keys each Secret in this overlay will hold: plain Secrets, the Secret cert-manager writes
     * for a Certificate, and the Secret the External Secrets Operator writes for an ExternalSecret.
     */
    Map<String, Set<String>> secretKeys() {
        Map<String, Set<String>> secrets = new HashMap<>();
        for (JsonNode s : all("Secret")) {
            Set<String> keys = secrets.computeIfAbsent(name(s), n -> new HashSet<>());
            s.path("data").fieldNames().forEachRemaining(keys::add);
            s.path("stringData").fieldNames().forEachRemaining(keys::add);
        }
        for (JsonNode c : all("Certificate")) {
            secrets.computeIfAbsent(c.path("spec").path("secretName").asText(), n -> new HashSet<>())
                    .addAll(Set.of("tls.crt", "tls.key", "ca.crt"));
        }
        for (JsonNode e : all("ExternalSecret")) {
            String target = e.path("spec").path("target").path("name").asText(name(e));
            Set<String> keys = secrets.computeIfAbsent(target, n -> new HashSet<>());
            Repo.each(e.path("spec").path("data")).forEach(d -> keys.add(d.path("secretKey").asText()));
        }
        return secrets;
    }

    Map<String, Map<String, String>> configMaps() {
        Map<String, Map<String, String>> maps = new HashMap<>();
        all("ConfigMap").forEach(c -> maps.put(name(c), labels(c.path("data"))));
        return maps;
    }
}
