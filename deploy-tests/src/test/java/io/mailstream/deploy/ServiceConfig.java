package io.mailstream.deploy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a service reads from its configuration, taken from the repository: its
 * application.properties, and the keys its code (and the libraries it uses) asks for through
 * {@code @ConfigProperty} and {@code @ConfigMapping}. Environment variables map to keys by the
 * MicroProfile Config rule: upper case, every character other than a letter or digit as '_'.
 */
final class ServiceConfig {

    /** Libraries whose code reads configuration inside every service. */
    private static final List<String> LIBRARIES = List.of("mail-store", "mail-net", "mail-core");

    /** Keys Quarkus itself reads that the services leave at their defaults in application.properties. */
    private static final Set<String> FRAMEWORK_KEYS = Set.of("quarkus.shutdown.timeout");

    /** A listener of the service: SMTP, IMAP and POP3 ports and the HTTP port (not relay's remote port). */
    private static final Pattern LISTENER = Pattern.compile("mailstream\\.(smtp|imap|pop3)\\.([a-z0-9]+-)*port|quarkus\\.http\\.port");

    private static final Pattern CONFIG_PROPERTY = Pattern.compile("@ConfigProperty\\(\\s*name\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern CONFIG_MAPPING = Pattern.compile("@ConfigMapping\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern METHOD = Pattern.compile("^\\s+(?:default\\s+)?[\\w.<>, ?]+\\s+(\\w+)\\(\\)", Pattern.MULTILINE);

    final String service;
    /** application.properties without profile-specific entries. */
    final Map<String, String> properties;
    private final Set<String> knownEnvNames = new HashSet<>();

    private ServiceConfig(String service) {
        this.service = service;
        this.properties = defaultProfile(Repo.read(service + "/src/main/resources/application.properties"));
        Set<String> keys = new HashSet<>(FRAMEWORK_KEYS);
        keys.addAll(properties.keySet());
        Stream.concat(Stream.of(service), LIBRARIES.stream()).flatMap(m -> Repo.javaSources(m).stream())
                .map(Repo::read).forEach(source -> keys.addAll(keysOf(source)));
        keys.forEach(k -> knownEnvNames.add(envName(k)));
    }

    static ServiceConfig of(String service) {
        return new ServiceConfig(service);
    }

    static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /** Whether setting this environment variable changes a setting the service reads. */
    boolean reads(String envName) {
        return knownEnvNames.contains(envName);
    }

    /** A setting as the service sees it with {@code env} set: the environment wins over the file. */
    String effective(String key, Map<String, String> env) {
        String fromEnv = env.get(envName(key));
        return fromEnv != null ? fromEnv : properties.get(key);
    }

    /** The ports the service listens on with {@code env} set (mail listeners and HTTP). */
    Set<Integer> listenerPorts(Map<String, String> env) {
        Set<Integer> ports = new HashSet<>();
        properties.keySet().stream().filter(k -> LISTENER.matcher(k).matches())
                .forEach(k -> ports.add(Integer.parseInt(effective(k, env).trim())));
        return ports;
    }

    int httpPort(Map<String, String> env) {
        return Integer.parseInt(effective("quarkus.http.port", env).trim());
    }

    /** The Kafka topics the service consumes with a shared consumer group (scaling by partitions). */
    Set<String> groupConsumedTopics() {
        Set<String> topics = new HashSet<>();
        properties.forEach((key, value) -> {
            Matcher m = Pattern.compile("mp\\.messaging\\.incoming\\.(\\w+)\\.topic").matcher(key);
            if (m.matches()) {
                String group = properties.getOrDefault("mp.messaging.incoming." + m.group(1) + ".group.id", "");
                if (!group.contains("${")) {
                    topics.add(value.trim());
                }
            }
        });
        return topics;
    }

    /** Every topic the service names: channels in and out, dead-letter topics. */
    Set<String> allTopics() {
        Set<String> topics = new HashSet<>();
        properties.forEach((key, value) -> {
            if (key.startsWith("mp.messaging.") && key.endsWith(".topic")) {
                topics.add(value.trim());
            }
        });
        return topics;
    }

    private static Map<String, String> defaultProfile(String text) {
        Properties all = new Properties();
        try {
            all.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> result = new HashMap<>();
        all.stringPropertyNames().stream().filter(k -> !k.startsWith("%"))
                .forEach(k -> result.put(k, all.getProperty(k)));
        return result;
    }

    /**
     * The keys a source file reads. For a {@code @ConfigMapping} interface: the prefix with each
     * method's kebab-case name, and with two of them for nested groups ({@code auth().allowPlaintextLoopback()}).
     */
    private static Set<String> keysOf(String source) {
        Set<String> keys = new HashSet<>();
        CONFIG_PROPERTY.matcher(source).results().forEach(r -> keys.add(r.group(1)));
        Matcher mapping = CONFIG_MAPPING.matcher(source);
        if (mapping.find()) {
            String prefix = mapping.group(1);
            List<String> names = METHOD.matcher(source).results().map(r -> kebab(r.group(1))).toList();
            for (String a : names) {
                keys.add(prefix + "." + a);
                names.forEach(b -> keys.add(prefix + "." + a + "." + b));
            }
        }
        return keys;
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
