package io.mailstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;

import io.mailstream.core.Topics;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The Strimzi KafkaTopic objects define exactly the topics the code uses, with room to scale. */
class KafkaTopicsTest {

    @Test
    void everyTopicTheServicesNameIsInTopicsAll() {
        for (String service : Repo.SERVICES) {
            assertThat(Topics.ALL).as("%s's application.properties names only topics of Topics.ALL", service)
                    .contains(ServiceConfig.of(service).allTopics().toArray(String[]::new));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void kafkaTopicsAreExactlyTopicsAll(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        assertThat(r.all("KafkaTopic").stream().map(KafkaTopicsTest::topicName))
                .containsExactlyInAnyOrder(Topics.ALL);
        String cluster = bootstrapCluster(r);
        assertThat(r.all("KafkaTopic")).allSatisfy(t -> assertThat(t.path("metadata").path("labels")
                .path("strimzi.io/cluster").asText()).as("%s belongs to the cluster the services use", Rendered.name(t))
                .isEqualTo(cluster));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void partitionsLetEveryConsumerGroupScaleToItsMaximum(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        Map<String, Integer> partitions = r.all("KafkaTopic").stream().collect(Collectors.toMap(KafkaTopicsTest::topicName,
                t -> t.path("spec").path("partitions").asInt()));
        SoftAssertions soft = new SoftAssertions();
        for (String service : Repo.SERVICES) {
            int replicas = maxReplicas(r, service);
            for (String topic : ServiceConfig.of(service).groupConsumedTopics()) {
                soft.assertThat(partitions.getOrDefault(topic, 0))
                        .as("%s: %s replicas of %s share its partitions", overlay, replicas, service)
                        .isGreaterThanOrEqualTo(replicas);
            }
        }
        for (JsonNode t : r.all("KafkaTopic")) {
            JsonNode spec = t.path("spec");
            soft.assertThat(spec.path("config").path("min.insync.replicas").asInt())
                    .as("%s: min.insync.replicas below replicas, so acks=all survives a broker loss (or one broker)", topicName(t))
                    .isLessThanOrEqualTo(Math.max(1, spec.path("replicas").asInt() - 1));
        }
        soft.assertAll();
    }

    @Test
    void devClusterServesTheBootstrapAddressAndHasBrokersForTheReplicas() {
        Rendered r = Rendered.overlay("dev");
        String cluster = bootstrapCluster(r);
        JsonNode kafka = r.get("Kafka", cluster);
        assertThat(kafka.path("spec").path("kafka").path("listeners").findValues("port").stream().map(JsonNode::asInt))
                .contains(9092);
        int brokers = r.all("KafkaNodePool").stream()
                .filter(p -> cluster.equals(p.path("metadata").path("labels").path("strimzi.io/cluster").asText()))
                .mapToInt(p -> p.path("spec").path("replicas").asInt()).sum();
        assertThat(r.all("KafkaTopic")).allSatisfy(t -> assertThat(t.path("spec").path("replicas").asInt())
                .isLessThanOrEqualTo(brokers));
    }

    /** The Strimzi cluster behind KAFKA_BOOTSTRAP_SERVERS ({@code <cluster>-kafka-bootstrap:9092}). */
    static String bootstrapCluster(Rendered r) {
        String bootstrap = Pods.environment(r, Pods.serviceContainer(r, "relay-service")).get("KAFKA_BOOTSTRAP_SERVERS");
        assertThat(bootstrap).matches("[a-z0-9-]+-kafka-bootstrap:9092");
        return bootstrap.substring(0, bootstrap.indexOf("-kafka-bootstrap"));
    }

    private static String topicName(JsonNode topic) {
        return topic.path("spec").path("topicName").asText(Rendered.name(topic));
    }

    /** The most replicas a service runs: its HPA's maximum, else its fixed count. */
    private static int maxReplicas(Rendered r, String service) {
        return r.all("HorizontalPodAutoscaler").stream()
                .filter(h -> service.equals(h.path("spec").path("scaleTargetRef").path("name").asText()))
                .mapToInt(h -> h.path("spec").path("maxReplicas").asInt()).findFirst()
                .orElse(r.get("Deployment", service).path("spec").path("replicas").asInt(1));
    }
}
