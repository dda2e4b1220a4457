package io.mailstream.containers;

import io.mailstream.core.Topics;
import io.mailstream.testkit.EmbeddedKafka;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * The production infrastructure as images, one of each per test JVM, shared by every class:
 * MongoDB started as a single-node replica set (majority writes and unique indexes behave as in
 * production) and an Apache Kafka broker (KRaft) with Mailstream's topics. Started on first use;
 * Testcontainers' reaper removes them when the JVM ends. Callers are classes annotated
 * {@code @Testcontainers(disabledWithoutDocker = true)}, so nothing here runs without Docker.
 *
 * <p>The images can be changed with {@code -Dmailstream.containers.mongo-image=...} and
 * {@code -Dmailstream.containers.kafka-image=...}.
 */
public final class RealInfrastructure {

    public static final String MONGO_IMAGE = System.getProperty("mailstream.containers.mongo-image", "mongo:8.0");
    public static final String KAFKA_IMAGE =
            System.getProperty("mailstream.containers.kafka-image", "apache/kafka:4.1.2");
    /** As the local stack and the in-process test broker create them: two consumers of a group share the work. */
    static final int PARTITIONS = 4;

    private static MongoDBContainer mongo;
    private static KafkaContainer kafka;

    private RealInfrastructure() {
    }

    /**
     * A connection string for the replica set. {@code directConnection}: the member's name in the
     * replica-set configuration is the container's host name, which only the container can resolve.
     */
    public static synchronized String mongoConnectionString() {
        if (mongo == null) {
            MongoDBContainer c = new MongoDBContainer(MONGO_IMAGE).withReplicaSet();
            c.start();
            mongo = c;
        }
        return mongo.getConnectionString() + "/?directConnection=true";
    }

    /** The broker's bootstrap address, with every topic of {@link Topics#ALL} created. */
    public static synchronized String kafkaBootstrapServers() {
        if (kafka == null) {
            KafkaContainer c = new KafkaContainer(KAFKA_IMAGE);
            c.start();
            try {
                EmbeddedKafka.createTopics(c.getBootstrapServers(), PARTITIONS, Topics.ALL);
                awaitLeaders(c.getBootstrapServers());
            } catch (Exception e) {
                c.stop();
                throw new IllegalStateException("creating Mailstream's topics on " + KAFKA_IMAGE + " failed", e);
            }
            kafka = c;
        }
        return kafka.getBootstrapServers();
    }

    /**
     * Waits until every partition of the new topics has a leader: an idempotent producer that
     * starts while leadership is still moving in gets NOT_LEADER_OR_FOLLOWER and, on a fresh broker,
     * may then be stuck on OUT_OF_ORDER_SEQUENCE_NUMBER for a partition until its delivery timeout.
     */
    private static void awaitLeaders(String bootstrap) throws InterruptedException, ExecutionException {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                boolean ready = admin.describeTopics(List.of(Topics.ALL)).allTopicNames().get().values().stream()
                        .flatMap(t -> t.partitions().stream())
                        .allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty());
                if (ready) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the topics' partitions have no leader after 60 s");
                }
                Thread.sleep(200);
            }
        }
    }
}
