package io.mailstream.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Clients that do not wait for the server (talking before the greeting, pipelining past a command
 * that must end a group, RFC 2920) and the per-client connection limit, in memory.
 */
class SynchronizationAndLimitsTest {

    private static final String SYNC = "554 5.5.0 Error: SMTP protocol synchronization\r\n";
    private final SessionHarness h = new SessionHarness();

    @Test
    void talkingBeforeTheDelayedGreetingIsASynchronizationError() {
        List<Runnable> due = new ArrayList<>();
        h.settings = h.settings.withGreetingDelay(Duration.ofSeconds(2));
        h.timer = (delay, task) -> {
            assertThat(delay).isEqualTo(Duration.ofSeconds(2));
            due.add(task);
        };
        assertThat(h.open()).isEmpty();
        assertThat(h.send("EHLO bot.test\r\n")).isEqualTo(SYNC);
        assertThat(h.conn.closed()).isTrue();
        due.forEach(Runnable::run); // the timer fires later: the session is gone, nothing is written
        assertThat(h.conn.take()).isEmpty();
        assertThat(h.counter("mailstream.smtp.limit.hits", "limit", "pregreet")).isEqualTo(1);
    }

    @Test
    void aPatientClientGetsTheGreetingAfterTheDelay() {
        List<Runnable> due = new ArrayList<>();
        h.settings = h.settings.withGreetingDelay(Duration.ofMillis(500));
        h.timer = (delay, task) -> due.add(task);
        assertThat(h.open()).isEmpty();
        due.forEach(Runnable::run);
        assertThat(h.conn.take()).isEqualTo("220 mx.example.test ESMTP Mailstream\r\n");
        assertThat(h.send("EHLO client.test\r\n")).startsWith("250-mx.example.test\r\n");
    }

    @Test
    void nothingMayFollowEhloOrHeloInTheSameGroup() {
        h.open();
        assertThat(h.send("EHLO client.test\r\nMAIL FROM:<a@remote.test>\r\n")).startsWith("250-mx.example.test")
                .endsWith("250 SMTPUTF8\r\n" + SYNC);
        assertThat(h.conn.closed()).isTrue();
        assertThat(h.session.transaction()).isNull();

        h.conn = new MemoryConnection();
        h.open();
        assertThat(h.send("HELO client.test\r\nNOOP\r\n")).isEqualTo("250 mx.example.test\r\n" + SYNC);
    }

    @Test
    void messageTextSentBeforeThe354IsASynchronizationError() {
        h.open();
        h.send("EHLO client.test\r\n");
        assertThat(h.send("MAIL FROM:<a@remote.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\nSubject: x\r\n\r\n.\r\n"))
                .isEqualTo("250 2.1.0 Sender ok\r\n250 2.1.5 Recipient ok\r\n354 End data with <CR><LF>.<CR><LF>\r\n"
                        + SYNC);
        assertThat(h.sink.messages).isEmpty();
        assertThat(h.counter("mailstream.smtp.limit.hits", "limit", "pipelining")).isEqualTo(1);
    }

    @Test
    void aRefusedDataNeverTurnsTheMessageIntoCommands() {
        h.open();
        h.send("EHLO client.test\r\n");
        // Every RCPT refused, so DATA is refused too: the text behind it must not run as commands.
        assertThat(h.send("MAIL FROM:<a@remote.test>\r\nRCPT TO:<eve@remote.test>\r\nDATA\r\nRSET\r\nQUIT\r\n"))
                .endsWith("554 5.5.1 Error: no valid recipients\r\n" + SYNC);
        assertThat(h.conn.closed()).isTrue();
    }

    @Test
    void nothingMayFollowAuthInTheSameGroup() {
        h.conn = new MemoryConnection().withCertificate();
        h.open();
        h.send("EHLO client.test\r\n");
        h.startTls();
        h.send("EHLO client.test\r\n");
        assertThat(h.send("AUTH PLAIN " + SessionHarness.plain("", "alice@example.test", "alice-secret")
                + "\r\nMAIL FROM:<alice@example.test>\r\n")).isEqualTo("235 2.7.0 Authentication successful\r\n" + SYNC);
    }

    @Test
    void pipeliningWithinAGroupAndAfterTheEndOfDataIsFine() {
        h.open();
        h.send("EHLO client.test\r\n");
        assertThat(h.send("RSET\r\nMAIL FROM:<a@remote.test>\r\nRCPT TO:<alice@example.test>\r\nRCPT TO:<bob@example.test>\r\n"
                + "DATA\r\n")).endsWith("354 End data with <CR><LF>.<CR><LF>\r\n");
        assertThat(h.send("Hi\r\n.\r\nMAIL FROM:<a@remote.test>\r\nRCPT TO:<bob@example.test>\r\nQUIT\r\n"))
                .matches("250 2\\.0\\.0 Ok: queued as \\w+\r\n250 2\\.1\\.0 Sender ok\r\n250 2\\.1\\.5 Recipient ok\r\n"
                        + "221 2\\.0\\.0 Bye\r\n");
    }

    @Test
    void connectionsPerClientAddressAreLimitedAcrossSessions() {
        h.limiter = new ConnectionLimiter(2);
        MemoryConnection first = h.conn;
        assertThat(h.open()).startsWith("220 ");
        SmtpSession firstSession = h.session;
        h.conn = new MemoryConnection();
        assertThat(h.open()).startsWith("220 ");
        h.conn = new MemoryConnection();
        assertThat(h.open()).isEqualTo("421 4.7.0 mx.example.test Error: too many connections from 192.0.2.10\r\n");
        assertThat(h.conn.closed()).isTrue();
        h.session.onClose(); // the refused session gives back nothing it did not take
        assertThat(h.limiter.openFrom("192.0.2.10")).isEqualTo(2);
        h.conn = new MemoryConnection("192.0.2.99");
        assertThat(h.open()).as("another client").startsWith("220 ");

        first.close();
        firstSession.onClose();
        h.conn = new MemoryConnection();
        assertThat(h.open()).startsWith("220 ");
        assertThat(h.counter("mailstream.smtp.limit.hits", "limit", "connections_per_ip")).isEqualTo(1);
    }

    @Test
    void limitHitsAreCounted() {
        h.settings = h.settings.withMaxErrors(2).withMaxMessageSize(100);
        h.open();
        h.send("EHLO client.test\r\n");
        h.send("MAIL FROM:<a@remote.test> SIZE=101\r\n");
        h.send("NOOP " + "x".repeat(600) + "\r\n");
        assertThat(h.conn.closed()).isTrue();
        assertThat(h.counter("mailstream.smtp.limit.hits", "limit", "message_size")).isEqualTo(1);
        assertThat(h.counter("mailstream.smtp.limit.hits", "limit", "command_line")).isEqualTo(1);
        assertThat(h.counter("mailstream.smtp.limit.hits", "limit", "errors")).isEqualTo(1);
        h.conn = new MemoryConnection();
        h.open();
        h.session.onIdleTimeout(h.conn);
        assertThat(h.counter("mailstream.smtp.limit.hits", "limit", "idle_timeout")).isEqualTo(1);
    }

    @Test
    void aSlowDripOfMessageTextIsCutOff() {
        h.settings = h.settings.withDataDeadline(Duration.ofSeconds(60), 100);
        h.open();
        h.send("EHLO client.test\r\n");
        h.send("MAIL FROM:<a@remote.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n");
        // 1000 octets at a good pace earn 10 s on top of the 60 s.
        h.send("x".repeat(998) + "\r\n");
        h.clock.advance(Duration.ofSeconds(69));
        assertThat(h.send("y\r\n")).isEmpty();
        h.clock.advance(Duration.ofSeconds(2));
        assertThat(h.send("z\r\n")).isEqualTo("421 4.4.2 mx.example.test Error: timeout exceeded, closing connection\r\n");
        assertThat(h.conn.closed()).isTrue();
        assertThat(h.sink.messages).isEmpty();
        assertThat(h.counter("mailstream.smtp.limit.hits", "limit", "data_rate")).isEqualTo(1);
    }

    @Test
    void eachBdatChunkHasItsOwnDeadline() {
        h.settings = h.settings.withDataDeadline(Duration.ofSeconds(60), 100);
        h.open();
        h.send("EHLO client.test\r\n");
        h.send("MAIL FROM:<a@remote.test>\r\nRCPT TO:<alice@example.test>\r\n");
        assertThat(h.send("BDAT 4\r\nab\r\n")).startsWith("250 ");
        h.clock.advance(Duration.ofMinutes(5)); // between chunks only the idle timeout applies
        assertThat(h.send("BDAT 4 LAST\r\nc")).isEmpty();
        h.clock.advance(Duration.ofSeconds(61));
        assertThat(h.send("d\r\n")).startsWith("421 4.4.2 ");
    }
}
