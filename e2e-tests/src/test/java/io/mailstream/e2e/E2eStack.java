package io.mailstream.e2e;

import io.mailstream.testkit.EmbeddedKafka;
import io.mailstream.testkit.EmbeddedMongo;
import io.mailstream.testkit.FakeDnsServer;
import io.mailstream.testkit.FakeSmtpServer;
import io.mailstream.testkit.Mta;
import io.mailstream.testkit.TestTls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Mailstream as it runs in production: the four services, each its own JVM started from its
 * fast-jar, against a real Kafka broker and the Mongo-wire store (in this JVM), with the test
 * certificate ({@link TestTls}) on every TLS listener. Started once per test JVM, however many
 * classes use it: a class gets it as a parameter of its {@code @BeforeAll} method through
 * {@link Shared}, and JUnit closes it when the run ends. Classes that share it must not depend on
 * each other's data: each works in a domain of its own.
 *
 * <p>The outside world of remote mail is here too: relay-service asks {@link #dns} for MX and A
 * records and connects to {@link #remoteMx} (one scripted MTA, {@link #remoteMta}, on loopback) for
 * every MX host. Domains a test did not add to {@link #dns} get no DNS answer at all, so their mail
 * is deferred and stays in the queue.
 */
final class E2eStack implements AutoCloseable {

    static final String HOSTNAME = "mx.e2e.test";
    static final String TOKEN = "e2e-" + UUID.randomUUID();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final String[] SERVICES = {"mailbox-api", "smtp-ingress", "relay-service", "delivery-service"};

    /**
     * The in-process broker is infrastructure here; its INFO lines would drown the test output.
     * Held in a field so the configured loggers are not collected. Services log to target/e2e-logs.
     */
    private static final List<Logger> QUIET_LOGGERS = Stream
            .of("kafka", "org.apache.kafka", "state.change.logger", "de.bwaldvogel.mongo")
            .map(name -> {
                Logger logger = Logger.getLogger(name);
                logger.setLevel(Level.WARNING);
                return logger;
            }).toList();

    /** Gives a test method (usually {@code @BeforeAll}) the one stack of this JVM, starting it on first use. */
    static final class Shared implements ParameterResolver {

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == E2eStack.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            // The root store outlives every class and closes the stack (AutoCloseable) at the end of the run.
            // A failed start is kept too: the next class fails at once instead of trying for minutes again.
            Object stack = context.getRoot().getStore(ExtensionContext.Namespace.create(E2eStack.class))
                    .computeIfAbsent(E2eStack.class, key -> startOrFailure(), Object.class);
            if (stack instanceof Throwable failure) {
                throw new IllegalStateException("the e2e stack did not start (see the first failing class)", failure);
            }
            return stack;
        }

        private static Object startOrFailure() {
            try {
                return start();
            } catch (RuntimeException | AssertionError e) {
                return e;
            }
        }
    }

    final int smtpPort;
    final int submissionPort;
    final int smtpsPort;
    final int imapPort;
    final int imapsPort;
    final int pop3Port;
    final int pop3sPort;
    /** The DNS server relay-service asks; silent for every name not added to it. */
    FakeDnsServer dns;
    /** What the remote MX does with each command; tests script its replies. */
    final Mta remoteMta = new Mta();
    /** The remote MX on loopback: every MX host name a test adds to {@link #dns} should point at 127.0.0.1. */
    FakeSmtpServer remoteMx;
    private final List<ServiceProcess> services = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    /** True when this stack started the in-process broker and store, and so stops them. */
    private final boolean embedded;

    private E2eStack(int[] mailPorts, boolean embedded) {
        this.embedded = embedded;
        smtpPort = mailPorts[0];
        submissionPort = mailPorts[1];
        smtpsPort = mailPorts[2];
        imapPort = mailPorts[3];
        imapsPort = mailPorts[4];
        pop3Port = mailPorts[5];
        pop3sPort = mailPorts[6];
    }

    private static E2eStack start() {
        return start(EmbeddedKafka::start, EmbeddedMongo::start, true);
    }

    /**
     * The four services against a Kafka broker (with Mailstream's topics) and a MongoDB started
     * elsewhere, e.g. real images in containers-tests. The caller owns both: {@link #close()} then
     * stops only the services.
     */
    static E2eStack start(String kafkaBootstrap, String mongoConnectionString) {
        return start(() -> kafkaBootstrap, () -> mongoConnectionString, false);
    }

    private static E2eStack start(Supplier<String> kafka, Supplier<String> mongo, boolean embedded) {
        E2eStack stack = null;
        try {
            int[] ports = freePorts(SERVICES.length + 7);
            stack = new E2eStack(Arrays.copyOfRange(ports, SERVICES.length, ports.length), embedded);
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close));
            stack.startServices(ports, kafka.get(), mongo.get());
            return stack;
        } catch (Exception | AssertionError e) {
            if (stack != null) {
                stack.close();
            }
            if (e instanceof AssertionError failure) {
                throw failure;
            }
            throw new IllegalStateException("starting the e2e stack failed", e);
        }
    }

    private void startServices(int[] httpPorts, String kafkaBootstrap, String mongoConnectionString)
            throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap);
        env.put("QUARKUS_MONGODB_CONNECTION_STRING", mongoConnectionString);
        env.put("MAILSTREAM_MONGODB_DATABASE", "e2e");
        env.put("MAILSTREAM_HOSTNAME", HOSTNAME);
        env.put("MAILSTREAM_ADMIN_TOKEN", TOKEN);
        env.put("MAILSTREAM_SMTP_PORT", Integer.toString(smtpPort));
        env.put("MAILSTREAM_SMTP_SUBMISSION_PORT", Integer.toString(submissionPort));
        env.put("MAILSTREAM_SMTP_SMTPS_PORT", Integer.toString(smtpsPort));
        env.put("MAILSTREAM_IMAP_PORT", Integer.toString(imapPort));
        env.put("MAILSTREAM_IMAP_IMAPS_PORT", Integer.toString(imapsPort));
        env.put("MAILSTREAM_POP3_PORT", Integer.toString(pop3Port));
        env.put("MAILSTREAM_POP3_POP3S_PORT", Integer.toString(pop3sPort));
        env.put("MAILSTREAM_TLS_CERT", TestTls.certificate().toString());
        env.put("MAILSTREAM_TLS_KEY", TestTls.privateKey().toString());
        // As on the local stack: IMAP and POP3 logins without TLS from loopback, so the plain-text
        // tests run as before. SMTP AUTH keeps the production rule (TLS only), which a test checks.
        env.put("MAILSTREAM_IMAP_ALLOW_PLAINTEXT_LOOPBACK", "true");
        env.put("MAILSTREAM_POP3_ALLOW_PLAINTEXT_LOOPBACK", "true");
        // Remote mail must not leave the machine: DNS goes to a server in this JVM that answers only
        // the names a test added (MX → 127.0.0.1, the fake remote MX's port for all of them); every
        // other remote delivery times out (4.4.3), is deferred and stays in the queue for the queue tests.
        dns = new FakeDnsServer().silentUnlessKnown();
        remoteMx = new FakeSmtpServer(remoteMta);
        env.put("MAILSTREAM_RELAY_DNS_SERVERS", "127.0.0.1:" + dns.address().getPort());
        env.put("MAILSTREAM_RELAY_DNS_TIMEOUT", "1s");
        env.put("MAILSTREAM_RELAY_SMTP_PORT", Integer.toString(remoteMx.port()));
        env.put("MAILSTREAM_RELAY_SMTP_TIMEOUT", "10s");

        Path root = Path.of(System.getProperty("mailstream.root", "..")).toAbsolutePath().normalize();
        Path logs = Path.of(System.getProperty("mailstream.e2e.logs", "target/e2e-logs"));
        for (int i = 0; i < SERVICES.length; i++) {
            services.add(ServiceProcess.start(root, SERVICES[i], httpPorts[i], env, logs));
        }
        awaitAllReady();
    }

    private void awaitAllReady() {
        try {
            Awaitility.await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> {
                for (ServiceProcess s : services) {
                    if (!s.alive()) {
                        throw new AssertionError(s.name + " exited while starting\n" + s.logTail());
                    }
                }
                return services.stream().allMatch(ServiceProcess::ready);
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("not ready within " + START_TIMEOUT + ":\n" + services.stream()
                    .filter(s -> !s.ready()).map(ServiceProcess::logTail).collect(Collectors.joining("\n\n")), e);
        }
    }

    /** Stops the services, then the broker and the store; safe to call twice (JUnit, then the shutdown hook). */
    @Override
    public synchronized void close() {
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).stop();
        }
        services.clear();
        if (remoteMx != null) {
            try {
                remoteMx.close();
            } catch (IOException ignored) {
                // the run is ending
            }
            dns.close();
        }
        EmbeddedKafka.stop();
        EmbeddedMongo.stop();
    }

    /** mailbox-api's HTTP base URL (admin API), e.g. {@code http://127.0.0.1:41234}. */
    String adminUrl() {
        return services.get(0).url("");
    }

    /** relay-service's HTTP base URL (queue and trace API). */
    String relayUrl() {
        return services.get(2).url("");
    }

    /** A request to relay-service's queue or trace API; {@code token} null sends none. */
    HttpResponse<String> relay(String method, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(services.get(2).url(path)))
                .timeout(Duration.ofSeconds(15)).method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** A request to mailbox-api's admin API; {@code token} null sends none. */
    HttpResponse<String> admin(String method, String path, String json, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(services.get(0).url(path)))
                .timeout(Duration.ofSeconds(15))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Ports free right now; all are held open together so that none is handed out twice. */
    private static int[] freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }
}
