package io.mailstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Each Dockerfile.jvm packs the fast-jar, runs as the user the pods expect and exposes their ports. */
class DockerImagesTest {

    @Test
    void dockerfilesRunTheFastJarAsTheNonRootUserOfThePods() {
        Rendered r = Rendered.overlay("production");
        SoftAssertions soft = new SoftAssertions();
        for (String service : Repo.SERVICES) {
            String dockerfile = Repo.read(service + "/src/main/docker/Dockerfile.jvm");
            JsonNode pod = Rendered.podTemplate(r.get("Deployment", service)).path("spec");
            soft.assertThat(directive(dockerfile, "USER")).as("%s: USER = runAsUser", service)
                    .isEqualTo(pod.path("securityContext").path("runAsUser").asText());
            soft.assertThat(dockerfile).as(service).contains("COPY target/quarkus-app/lib/ /deployments/lib/")
                    .contains("JAVA_APP_JAR=\"/deployments/quarkus-run.jar\"");
            Set<Integer> exposed = new HashSet<>();
            Arrays.stream(directive(dockerfile, "EXPOSE").split("\\s+")).forEach(p -> exposed.add(Integer.parseInt(p)));
            Set<Integer> containerPorts = new HashSet<>();
            Pods.serviceContainer(r, service).path("ports").forEach(p -> containerPorts.add(p.path("containerPort").asInt()));
            soft.assertThat(exposed).as("%s: EXPOSE = the pod's container ports", service).isEqualTo(containerPorts);
        }
        soft.assertAll();
    }

    private static String directive(String dockerfile, String name) {
        Matcher m = Pattern.compile("^" + name + "\\s+(.+)$", Pattern.MULTILINE).matcher(dockerfile);
        if (!m.find()) {
            throw new AssertionError("no " + name + " in Dockerfile");
        }
        return m.group(1).trim();
    }
}
