package io.mailstream.testkit;

import io.mailstream.core.Topics;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real Kafka broker (KRaft, one combined node) in this JVM, for tests. One per JVM: started on
 * first use, stopped at JVM exit.
 */
public final class EmbeddedKafka {

    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(EmbeddedKafka.class.getName());
    private static KafkaClusterTestKit cluster;

    private EmbeddedKafka() {
    }

    /** Starts the broker if needed, creates Mailstream's topics, and returns the bootstrap servers. */
    public static synchronized String start() {
        if (cluster == null) {
            // At JVM exit the test kit's temp-directory hook can delete the log dir while the broker
            // is still closing; Kafka then treats every log dir as failed and calls Runtime.halt(1),
            // which turns a green test run into a crashed fork. A test broker must never end the JVM.
            Exit.setHaltProcedure((code, message) -> LOG.warning("embedded Kafka asked to halt: " + message));
            Exit.setExitProcedure((code, message) -> LOG.warning("embedded Kafka asked to exit: " + message));
            try {
                KafkaClusterTestKit c = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                        .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                        .setConfigProp("offsets.topic.replication.factor", "1")
                        .setConfigProp("offsets.topic.num.partitions", "4")
                        .setConfigProp("transaction.state.log.replication.factor", "1")
                        .setConfigProp("transaction.state.log.min.isr", "1")
                        .setConfigProp("group.initial.rebalance.delay.ms", "0")
                        .setConfigProp("auto.create.topics.enable", "true")
                        .build();
                c.format();
                c.startup();
                c.waitForReadyBrokers();
                cluster = c;
                createTopics(c.bootstrapServers(), 4, Topics.ALL);
                Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedKafka::stop));
            } catch (Exception e) {
                throw new IllegalStateException("embedded Kafka did not start", e);
            }
        }
        return cluster.bootstrapServers();
    }

    public static void createTopics(String bootstrap, int partitions, String... names) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            List<NewTopic> topics = new ArrayList<>();
            for (String n : names) {
                topics.add(new NewTopic(n, partitions, (short) 1));
            }
            try {
                admin.createTopics(topics).all().get();
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }

    public static synchronized void stop() {
        if (cluster != null) {
            try {
                cluster.close();
            } catch (Exception ignored) {
                // shutting down anyway
            }
            cluster = null;
        }
    }
}
