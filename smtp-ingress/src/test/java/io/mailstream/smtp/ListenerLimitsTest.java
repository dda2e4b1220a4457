package io.mailstream.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mailstream.net.ListenerOptions;
import io.mailstream.net.TcpListener;
import io.mailstream.smtp.command.CommandRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The synchronisation rules and the per-client limit over real TCP: the real listener, the real
 * greeting timer (a Vert.x timer handing the greeting to the worker pool), in-memory directory and sink.
 */
class ListenerLimitsTest {

    private static final String SYNC = "554 5.5.0 Error: SMTP protocol synchronization\r\n";
    private static Vertx vertx;
    private static ExecutorService workers;
    private static TcpListener listener;
    private static int port;
    private static ConnectionLimiter limiter;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        limiter = new ConnectionLimiter(2);
        workers = Executors.newFixedThreadPool(4);
        GreetingTimer timer = (delay, task) -> vertx.setTimer(delay.toMillis(), id -> workers.execute(task));
        SessionServices services = new SessionServices(
                SmtpSettings.defaults("mx.example.test").withGreetingDelay(Duration.ofMillis(300)), ListenerPolicy.MX,
                CommandRegistry.standard(), SessionHarness.POLICY, new MemorySink(), SessionHarness.PASSWORDS,
                limiter, timer, new SmtpMetrics(new SimpleMeterRegistry()), Clock.systemUTC());
        listener = new TcpListener(vertx, "smtp-test", new ListenerOptions("127.0.0.1", 0, 100, 30),
                new SmtpSessionFactory(services), workers);
        port = listener.start();
    }

    @AfterAll
    static void stop() throws Exception {
        listener.stop();
        workers.shutdownNow();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @BeforeEach
    void previousSessionsAreGone() {
        await().atMost(Duration.ofSeconds(10)).until(() -> limiter.openFrom("127.0.0.1") == 0);
    }

    @Test
    void talkingBeforeTheGreetingIsRefusedAndPatienceIsRewarded() throws Exception {
        try (RawSmtpClient eager = new RawSmtpClient(port)) {
            eager.write("EHLO bot.test\r\n");
            assertThat(eager.reply()).isEqualTo(SYNC);
            assertThatThrownBy(eager::reply).isInstanceOf(IOException.class);
        }
        try (RawSmtpClient patient = new RawSmtpClient(port)) {
            long t0 = System.nanoTime();
            assertThat(patient.reply()).isEqualTo("220 mx.example.test ESMTP Mailstream\r\n");
            assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(250));
            assertThat(patient.command("EHLO client.test")).startsWith("250-mx.example.test\r\n");
            // Text behind a DATA that was going to fail: it must never run as commands.
            patient.write("RSET\r\nMAIL FROM:<a@remote.test>\r\nDATA\r\nSubject: x\r\n");
            assertThat(patient.reply()).isEqualTo("250 2.0.0 Ok\r\n");
            assertThat(patient.reply()).isEqualTo("250 2.1.0 Sender ok\r\n");
            assertThat(patient.reply()).isEqualTo("503 5.5.1 Error: need RCPT command\r\n");
            assertThat(patient.reply()).isEqualTo(SYNC);
            assertThatThrownBy(patient::reply).isInstanceOf(IOException.class);
        }
    }

    @Test
    void aThirdConcurrentConnectionFromOneAddressIsTurnedAway() throws Exception {
        try (RawSmtpClient first = new RawSmtpClient(port); RawSmtpClient second = new RawSmtpClient(port)) {
            assertThat(first.reply()).startsWith("220 ");
            assertThat(second.reply()).startsWith("220 ");
            try (RawSmtpClient third = new RawSmtpClient(port)) {
                assertThat(third.reply())
                        .isEqualTo("421 4.7.0 mx.example.test Error: too many connections from 127.0.0.1\r\n");
            }
        }
    }
}
