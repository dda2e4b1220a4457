package io.mailstream.localstack;

import io.mailstream.core.Topics;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Creates Mailstream's topics ({@link Topics#ALL}) on the local stack's broker, skipping those
 * that exist, so that a second {@code ./mailstream up} changes nothing. Usage:
 * {@code CreateTopics <bootstrap-servers> <partitions>}. One JVM for all topics: starting a
 * Kafka command-line tool per topic costs seconds each on a small machine.
 */
public final class CreateTopics {

    private static final long TIMEOUT_SECONDS = 60;

    private CreateTopics() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: CreateTopics <bootstrap-servers> <partitions>");
            System.exit(2);
        }
        int partitions = Integer.parseInt(args[1]);
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        try (Admin admin = Admin.create(config)) {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String name : Topics.ALL) {
                if (!existing.contains(name)) {
                    missing.add(new NewTopic(name, partitions, (short) 1));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
            for (NewTopic topic : missing) {
                System.out.println("created topic " + topic.name() + " (" + partitions + " partitions)");
            }
            System.out.println(missing.isEmpty() ? "all topics exist" : "topics ready");
        }
    }
}
