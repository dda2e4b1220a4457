package io.mailstream.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mailstream.net.ListenerOptions;
import io.mailstream.net.ProxyProtocolOptions;
import io.mailstream.net.TcpListener;
import io.mailstream.smtp.command.CommandRegistry;
import io.mailstream.testkit.ProxyHeaders;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Behind a load balancer (PROXY protocol v1 and v2) and at shutdown (drain), over real TCP: the
 * real listener and sessions, in-memory directory and sink.
 */
class ProxyProtocolAndDrainTest {

    private static final String HOST = SessionHarness.HOST;
    private final Vertx vertx = Vertx.vertx();
    private final ExecutorService workers = Executors.newFixedThreadPool(4);
    private final MemorySink sink = new MemorySink();
    private ConnectionLimiter limiter = new ConnectionLimiter(1);
    private TcpListener listener;

    private int start(boolean proxy) {
        SessionServices services = new SessionServices(SmtpSettings.defaults(HOST), ListenerPolicy.MX,
                CommandRegistry.standard(), SessionHarness.POLICY, sink, SessionHarness.PASSWORDS, limiter,
                SessionServices.IMMEDIATE, new SmtpMetrics(new SimpleMeterRegistry()), Clock.systemUTC());
        ListenerOptions options = new ListenerOptions("127.0.0.1", 0, 100, 30);
        if (proxy) {
            options = options.withProxyProtocol(ProxyProtocolOptions.of(true, List.of("127.0.0.0/8"), Duration.ofSeconds(5)));
        }
        listener = new TcpListener(vertx, "smtp-test", options, new SmtpSessionFactory(services), workers);
        return listener.start();
    }

    @AfterEach
    void stop() throws Exception {
        listener.stop();
        workers.shutdownNow();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static void send(RawSmtpClient c, String from) throws IOException {
        assertThat(c.command("EHLO client.test")).startsWith("250-");
        assertThat(c.command("MAIL FROM:<" + from + ">")).startsWith("250 ");
        assertThat(c.command("RCPT TO:<alice@example.test>")).startsWith("250 ");
        assertThat(c.command("DATA")).startsWith("354 ");
        assertThat(c.command("Subject: hi\r\n\r\nbody\r\n.")).startsWith("250 2.0.0 Ok: queued as ");
    }

    /** The Received header we put on the message. */
    private String received(int index) {
        String message = new String(sink.messages.get(index).content(), StandardCharsets.UTF_8);
        return message.substring(0, message.indexOf("Subject:"));
    }

    @Test
    void v1HeaderClientIsTheOneInTheReceivedHeaderAndTheEvent() throws Exception {
        int port = start(true);
        try (RawSmtpClient c = new RawSmtpClient(port)) {
            c.writeBytes(ProxyHeaders.v1("PROXY TCP4 192.0.2.7 127.0.0.1 40000 25"));
            assertThat(c.reply()).isEqualTo("220 " + HOST + " ESMTP Mailstream\r\n");
            send(c, "someone@remote.test");
        }
        assertThat(sink.messages.get(0).clientAddress()).isEqualTo("192.0.2.7");
        assertThat(received(0)).contains("[192.0.2.7]").doesNotContain("127.0.0.1");
    }

    @Test
    void v2HeaderClientCountsForThePerClientLimit() throws Exception {
        int port = start(true);
        byte[] client = ProxyHeaders.v2("203.0.113.9", 40000, "198.51.100.1", 25, 16);
        try (RawSmtpClient first = new RawSmtpClient(port)) {
            first.writeBytes(client);
            assertThat(first.reply()).startsWith("220 ");
            try (RawSmtpClient second = new RawSmtpClient(port)) {
                second.writeBytes(client);
                assertThat(second.reply())
                        .isEqualTo("421 4.7.0 " + HOST + " Error: too many connections from 203.0.113.9\r\n");
            }
            try (RawSmtpClient other = new RawSmtpClient(port)) {
                other.writeBytes(ProxyHeaders.v2("203.0.113.10", 40000, "198.51.100.1", 25, 0));
                assertThat(other.reply()).as("another client behind the same proxy").startsWith("220 ");
                send(other, "other@remote.test");
            }
        }
        assertThat(received(0)).contains("[203.0.113.10]");
    }

    @Test
    void withoutAHeaderThereIsNoGreeting() throws Exception {
        int port = start(true);
        try (RawSmtpClient c = new RawSmtpClient(port)) {
            c.write("EHLO client.test\r\n");
            assertThatThrownBy(c::reply).isInstanceOf(IOException.class);
        }
    }

    @Test
    void drainLetsAMessageInFlightFinishThenRefusesTheNextCommand() throws Exception {
        limiter = ConnectionLimiter.unlimited();
        int port = start(false);
        String shuttingDown = "421 4.3.2 " + HOST + " Service shutting down, closing transmission channel\r\n";
        try (RawSmtpClient idle = new RawSmtpClient(port); RawSmtpClient sending = new RawSmtpClient(port)) {
            assertThat(idle.reply()).startsWith("220 ");
            assertThat(idle.command("EHLO idle.test")).startsWith("250-");
            assertThat(sending.reply()).startsWith("220 ");
            assertThat(sending.command("EHLO client.test")).startsWith("250-");
            assertThat(sending.command("MAIL FROM:<someone@remote.test>")).startsWith("250 ");
            assertThat(sending.command("RCPT TO:<alice@example.test>")).startsWith("250 ");
            assertThat(sending.command("DATA")).startsWith("354 ");
            sending.write("Subject: in flight\r\n\r\nfirst half\r\n");

            CompletableFuture<Void> drained = listener.drain(Duration.ofSeconds(20));
            assertThat(idle.reply()).as("a client waiting for a command is told at once").isEqualTo(shuttingDown);
            assertThatThrownBy(idle::reply).isInstanceOf(IOException.class);
            try (RawSmtpClient late = new RawSmtpClient(port)) {
                assertThatThrownBy(late::reply).as("no new session once draining").isInstanceOf(IOException.class);
            }

            assertThat(sending.command("second half\r\n.")).startsWith("250 2.0.0 Ok: queued as ");
            assertThat(sink.messages).hasSize(1);
            assertThat(sending.command("QUIT")).isEqualTo(shuttingDown);
            assertThatThrownBy(sending::reply).isInstanceOf(IOException.class);
            drained.get(5, TimeUnit.SECONDS);
        }
        assertThat(listener.activeConnections()).isZero();
    }

    @Test
    void drainBoundClosesASessionThatNeverFinishes() throws Exception {
        limiter = ConnectionLimiter.unlimited();
        int port = start(false);
        try (RawSmtpClient slow = new RawSmtpClient(port)) {
            assertThat(slow.reply()).startsWith("220 ");
            slow.command("EHLO client.test");
            slow.command("MAIL FROM:<someone@remote.test>");
            slow.command("RCPT TO:<alice@example.test>");
            assertThat(slow.command("DATA")).startsWith("354 ");
            listener.drain(Duration.ofMillis(300)).get(5, TimeUnit.SECONDS);
            assertThatThrownBy(slow::reply).isInstanceOf(IOException.class);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.activeConnections() == 0);
        assertThat(sink.messages).isEmpty();
    }
}
