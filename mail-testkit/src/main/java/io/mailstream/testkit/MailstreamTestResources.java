package io.mailstream.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at a real in-process Kafka broker and the Mongo-wire store. Use
 * with {@code @QuarkusTestResource(MailstreamTestResources.class)}; each test class gets its own
 * database name so that classes do not see each other's data.
 */
public class MailstreamTestResources implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        String kafka = EmbeddedKafka.start();
        String mongo = EmbeddedMongo.start();
        return Map.of(
                "kafka.bootstrap.servers", kafka,
                "quarkus.mongodb.connection-string", mongo,
                "mailstream.mongodb.database", "test" + System.nanoTime());
    }

    @Override
    public void stop() {
        // The broker and store live for the whole JVM: restarting them per class costs seconds.
    }
}
