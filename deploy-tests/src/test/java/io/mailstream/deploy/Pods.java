package io.mailstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Reads containers of a rendered workload: their environment, ports and mounts. */
final class Pods {

    private Pods() {
    }

    static Iterable<JsonNode> containers(JsonNode workload) {
        return Repo.each(Rendered.podTemplate(workload).path("spec").path("containers"));
    }

    /** The container named after its service (module), in that service's Deployment. */
    static JsonNode serviceContainer(Rendered rendered, String service) {
        for (JsonNode c : containers(rendered.get("Deployment", service))) {
            if (service.equals(c.path("name").asText())) {
                return c;
            }
        }
        throw new AssertionError(rendered.overlay + ": Deployment " + service + " has no container " + service);
    }

    /**
     * The environment variables with a value known from the manifests: literal values and
     * ConfigMap entries (envFrom and configMapKeyRef). Secret values stay unknown and absent.
     */
    static Map<String, String> environment(Rendered rendered, JsonNode container) {
        Map<String, Map<String, String>> configMaps = rendered.configMaps();
        Map<String, String> env = new HashMap<>();
        for (JsonNode from : Repo.each(container.path("envFrom"))) {
            String name = from.path("configMapRef").path("name").asText(null);
            if (name != null && configMaps.containsKey(name)) {
                env.putAll(configMaps.get(name));
            }
        }
        for (JsonNode e : Repo.each(container.path("env"))) {
            if (e.has("value")) {
                env.put(e.path("name").asText(), e.path("value").asText());
            }
            JsonNode ref = e.path("valueFrom").path("configMapKeyRef");
            if (!ref.isMissingNode() && configMaps.containsKey(ref.path("name").asText())) {
                env.put(e.path("name").asText(), configMaps.get(ref.path("name").asText()).get(ref.path("key").asText()));
            }
        }
        return env;
    }

    /** The container port a Service targetPort or a probe port (a name or a number) stands for. */
    static Optional<Integer> resolvePort(JsonNode container, JsonNode port) {
        for (JsonNode p : Repo.each(container.path("ports"))) {
            boolean named = port.isTextual() && port.asText().equals(p.path("name").asText());
            boolean numbered = port.isInt() && port.asInt() == p.path("containerPort").asInt();
            if (named || numbered) {
                return Optional.of(p.path("containerPort").asInt());
            }
        }
        return Optional.empty();
    }

    static Optional<String> portName(JsonNode container, int number) {
        for (JsonNode p : Repo.each(container.path("ports"))) {
            if (p.path("containerPort").asInt() == number) {
                return Optional.ofNullable(p.path("name").asText(null));
            }
        }
        return Optional.empty();
    }
}
