package io.mailstream.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailstream.core.MailAddress;
import io.mailstream.smtp.command.CommandRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The SMTP session driven in memory: no sockets, every reply checked byte for byte. */
class SmtpSessionTest {

    private static final String GREETING = "220 mx.example.test ESMTP Mailstream\r\n";
    private static final String EHLO_REPLY = "250-mx.example.test\r\n250-PIPELINING\r\n250-SIZE 26214400\r\n"
            + "250-8BITMIME\r\n250-ENHANCEDSTATUSCODES\r\n250-CHUNKING\r\n250-DSN\r\n250 SMTPUTF8\r\n";
    private static final Set<String> USERS = Set.of("alice@example.test", "bob@example.test");

    /** The MX rule over an in-memory directory: example.test is local, broken.test cannot be looked up. */
    static final RecipientPolicy POLICY = (MailAddress rcpt, ConnectionState c) -> {
        if (rcpt.domain().equals("broken.test")) {
            return PolicyResult.denySoft(SmtpReplies.LOOKUP_FAILURE, "lookup_failure");
        }
        if (!rcpt.domain().equals("example.test")) {
            return PolicyResult.deny(SmtpReplies.about(rcpt.toString(), SmtpReplies.RELAY_DENIED), "relay_denied");
        }
        if (rcpt.isPostmaster() || USERS.contains(rcpt.key())) {
            return PolicyResult.accept(SmtpReplies.RECIPIENT_OK);
        }
        return PolicyResult.deny(SmtpReplies.about(rcpt.toString(), SmtpReplies.USER_UNKNOWN), "unknown_user");
    };

    private final MemoryConnection conn = new MemoryConnection();
    private final MemorySink sink = new MemorySink();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Clock clock = Clock.fixed(Instant.parse("2024-06-04T10:00:00Z"), ZoneOffset.UTC);
    private SmtpSession session;

    private String open(SmtpSettings settings) {
        session = new SmtpSession(conn, settings, CommandRegistry.mx(), POLICY, sink, new SmtpMetrics(registry), clock);
        session.onConnect();
        return conn.take();
    }

    private String open() {
        return open(SmtpSettings.defaults("mx.example.test"));
    }

    private String send(String text) {
        session.onData(text.getBytes(StandardCharsets.ISO_8859_1));
        return conn.take();
    }

    /** A greeting command answered on its own, then the rest (which may be pipelined). */
    private String sendSplit(String greeting, String rest) {
        return send(greeting) + send(rest);
    }

    private void openTransaction() {
        open();
        assertThat(sendSplit("EHLO client.test\r\n", "MAIL FROM:<sender@remote.test>\r\nRCPT TO:<alice@example.test>\r\n"
                + "DATA\r\n")).endsWith("354 End data with <CR><LF>.<CR><LF>\r\n");
    }

    private byte[] storedBody() {
        assertThat(sink.messages).hasSize(1);
        String all = new String(sink.messages.get(0).content(), StandardCharsets.ISO_8859_1);
        return all.substring(all.indexOf("+0000\r\n") + 7).getBytes(StandardCharsets.ISO_8859_1);
    }

    private double counter(String name, String reason) {
        var c = registry.find(name).tag("reason", reason).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void greetsAndAdvertisesOnlyWhatItImplements() {
        assertThat(open()).isEqualTo(GREETING);
        assertThat(send("EHLO client.test\r\n")).isEqualTo(EHLO_REPLY);
        assertThat(send("HELO client.test\r\n")).isEqualTo("250 mx.example.test\r\n");
    }

    @Test
    void acceptsAMessageWithReceivedHeaderFirstAndTheBodyByteExact() {
        open();
        String replies = sendSplit("EHLO client.test\r\n", "MAIL FROM:<sender@remote.test>\r\nRCPT TO:<Alice@Example.TEST>\r\n"
                + "DATA\r\n");
        assertThat(replies).isEqualTo(EHLO_REPLY + "250 2.1.0 Sender ok\r\n250 2.1.5 Recipient ok\r\n"
                + "354 End data with <CR><LF>.<CR><LF>\r\n");
        String end = send("Subject: hi\r\n\r\nHello\r\n.\r\n");
        assertThat(end).matches("250 2\\.0\\.0 Ok: queued as [0-9A-Z]{18}\r\n");

        IncomingMessage m = sink.messages.get(0);
        assertThat(end).contains(m.queueId());
        assertThat(m.envelope().sender()).isEqualTo("sender@remote.test");
        assertThat(m.envelope().recipients()).containsExactly("Alice@example.test");
        assertThat(m.clientAddress()).isEqualTo("192.0.2.10");
        assertThat(m.heloName()).isEqualTo("client.test");
        assertThat(new String(m.content(), StandardCharsets.US_ASCII)).isEqualTo(
                "Received: from client.test ([192.0.2.10])\r\n"
                        + "\tby mx.example.test with ESMTP id " + m.queueId() + "\r\n"
                        + "\tfor <Alice@example.test>;\r\n"
                        + "\tTue, 4 Jun 2024 10:00:00 +0000\r\n"
                        + "Subject: hi\r\n\r\nHello\r\n");
        assertThat(registry.find("mailstream.smtp.messages.accepted").counter().count()).isEqualTo(1);
        // The transaction is over: a new one needs MAIL again.
        assertThat(send("RCPT TO:<alice@example.test>\r\n")).isEqualTo("503 5.5.1 Error: need MAIL command\r\n");
    }

    @Test
    void commandsSplitAcrossFragmentsByteByByte() {
        open();
        String script = "EHLO client.test\r\nMAIL FROM:<>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\n"
                + "Subject: x\r\n\r\n.dot\r\n.\r\nQUIT\r\n";
        StringBuilder replies = new StringBuilder();
        for (byte b : script.getBytes(StandardCharsets.US_ASCII)) {
            session.onData(new byte[] {b});
            replies.append(conn.take());
        }
        assertThat(replies.toString()).startsWith(EHLO_REPLY + "250 2.1.0 Sender ok\r\n250 2.1.5 Recipient ok\r\n354")
                .containsPattern("250 2\\.0\\.0 Ok: queued as \\w+\r\n221 2\\.0\\.0 Bye\r\n$");
        assertThat(sink.messages.get(0).envelope().isNullSender()).isTrue();
        assertThat(storedBody()).isEqualTo("Subject: x\r\n\r\ndot\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(conn.closed()).isTrue();
    }

    @Test
    void pipelinedCommandsAreAnsweredInOrderInOneWrite() {
        open();
        String replies = sendSplit("EHLO client.test\r\n", "MAIL FROM:<sender@remote.test> SIZE=100 BODY=8BITMIME\r\n"
                + "RCPT TO:<alice@example.test>\r\nRCPT TO:<nobody@example.test>\r\nRCPT TO:<bob@example.test>\r\n"
                + "DATA\r\n");
        assertThat(replies).isEqualTo(EHLO_REPLY + "250 2.1.0 Sender ok\r\n250 2.1.5 Recipient ok\r\n"
                + "550 5.1.1 <nobody@example.test>: Recipient address rejected: user unknown\r\n"
                + "250 2.1.5 Recipient ok\r\n354 End data with <CR><LF>.<CR><LF>\r\n");
        // The message, the next transaction and QUIT in one read.
        String rest = send("Hi\r\n.\r\nMAIL FROM:<a@remote.test>\r\nRSET\r\nQUIT\r\n");
        assertThat(rest).matches("250 2\\.0\\.0 Ok: queued as \\w+\r\n250 2\\.1\\.0 Sender ok\r\n250 2\\.0\\.0 Ok\r\n"
                + "221 2\\.0\\.0 Bye\r\n");
        assertThat(sink.messages.get(0).envelope().recipients()).containsExactly("alice@example.test",
                "bob@example.test");
        // Several recipients: the Received header names none of them.
        assertThat(new String(sink.messages.get(0).content(), StandardCharsets.US_ASCII)).doesNotContain("for <");
        assertThat(conn.closed()).isTrue();
    }

    @Test
    void dotUnstuffingAndOnlyCrlfDotCrlfEndsTheData() {
        openTransaction();
        assertThat(send("..leading dot\r\n...two\r\n. \r\n.x\r\n")).isEmpty();
        assertThat(send(".\r")).isEmpty();
        assertThat(send("\n")).startsWith("250 2.0.0 Ok: queued as ");
        assertThat(storedBody()).isEqualTo(".leading dot\r\n..two\r\n \r\nx\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void emptyMessageGetsOnlyTheReceivedHeader() {
        openTransaction();
        assertThat(send(".\r\n")).startsWith("250 2.0.0 Ok: queued as ");
        assertThat(storedBody()).isEmpty();
    }

    @Test
    void bareLineFeedNeverEndsDataAndTheMessageIsRefused() {
        openTransaction();
        // Smuggling attempts: none of these is CRLF.CRLF, so everything up to the real end is data.
        assertThat(send("Subject: x\r\n\r\nbody\n.\r\nMAIL FROM:<evil@remote.test>\r\n")).isEmpty();
        assertThat(send("more\r\n.\n")).isEmpty();
        assertThat(send("RCPT TO:<bob@example.test>\r\n.\r\n"))
                .isEqualTo("550 5.6.0 Error: bare <LF> or <CR> received; lines must end with <CR><LF>\r\n");
        assertThat(sink.messages).isEmpty();
        assertThat(counter("mailstream.smtp.messages.rejected", "bare_newline")).isEqualTo(1);
        // Nothing of the refused transaction survives.
        assertThat(send("DATA\r\n")).isEqualTo("503 5.5.1 Error: need MAIL command\r\n");
    }

    @Test
    void bareCarriageReturnIsRefused() {
        openTransaction();
        assertThat(send("Subject: x\r\n\r\nbo\rdy\r\n.\r\n")).startsWith("550 5.6.0 ");
        openTransaction();
        assertThat(send("body\r\n.\r.\r\n")).isEmpty(); // ".\r." is not the end either
        assertThat(send(".\r\n")).startsWith("550 5.6.0 ");
        assertThat(sink.messages).isEmpty();
    }

    @Test
    void sizeLimitAtMailFromAndWhileReceiving() {
        open(SmtpSettings.defaults("mx.example.test").withMaxMessageSize(1000));
        assertThat(send("EHLO client.test\r\n")).contains("250-SIZE 1000\r\n");
        assertThat(send("MAIL FROM:<s@remote.test> SIZE=1001\r\n"))
                .isEqualTo("552 5.3.4 Error: message size exceeds fixed maximum message size\r\n");
        assertThat(send("MAIL FROM:<s@remote.test> SIZE=99999999999999999999\r\n")).startsWith("552 5.3.4 ");
        assertThat(send("MAIL FROM:<s@remote.test> SIZE=12x\r\n")).startsWith("501 5.5.4 ");
        assertThat(send("MAIL FROM:<s@remote.test> SIZE=500\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n"))
                .endsWith("354 End data with <CR><LF>.<CR><LF>\r\n");
        String line = "x".repeat(98) + "\r\n";
        for (int i = 0; i < 50; i++) {
            assertThat(send(line)).isEmpty();
        }
        assertThat(send(".\r\n")).isEqualTo("552 5.3.4 Error: message size exceeds fixed maximum message size\r\n");
        assertThat(sink.messages).isEmpty();
        assertThat(counter("mailstream.smtp.messages.rejected", "size")).isEqualTo(1);
    }

    @Test
    void errorLimitEndsTheSessionWith421() {
        open(SmtpSettings.defaults("mx.example.test").withMaxErrors(3));
        assertThat(send("FOO\r\nBAR\r\n")).isEqualTo("500 5.5.2 Error: command not recognized\r\n".repeat(2));
        assertThat(send("BAZ\r\nNOOP\r\n")).isEqualTo("500 5.5.2 Error: command not recognized\r\n"
                + "421 4.7.0 mx.example.test Error: too many errors, closing connection\r\n");
        assertThat(conn.closed()).isTrue();
        assertThat(send("NOOP\r\n")).isEmpty();
    }

    @Test
    void defaultErrorLimitIsTen() {
        open();
        assertThat(send("X\r\n".repeat(9))).doesNotContain("421");
        assertThat(send("X\r\n")).endsWith("421 4.7.0 mx.example.test Error: too many errors, closing connection\r\n");
        assertThat(conn.closed()).isTrue();
    }

    @Test
    void badSequenceIs503() {
        open();
        assertThat(send("MAIL FROM:<a@remote.test>\r\n")).isEqualTo("503 5.5.1 Error: send HELO/EHLO first\r\n");
        assertThat(sendSplit("HELO client.test\r\n", "RCPT TO:<alice@example.test>\r\n"))
                .endsWith("503 5.5.1 Error: need MAIL command\r\n");
        assertThat(send("DATA\r\n")).isEqualTo("503 5.5.1 Error: need MAIL command\r\n");
        assertThat(send("MAIL FROM:<a@remote.test>\r\nMAIL FROM:<b@remote.test>\r\n"))
                .endsWith("503 5.5.1 Error: nested MAIL command\r\n");
        assertThat(send("DATA\r\n")).isEqualTo("503 5.5.1 Error: need RCPT command\r\n");
        assertThat(send("RCPT TO:<carol@example.test>\r\nDATA\r\n"))
                .endsWith("554 5.5.1 Error: no valid recipients\r\n");
    }

    @Test
    void unknownCommandsAndSyntaxErrors() {
        open(SmtpSettings.defaults("mx.example.test").withMaxErrors(100));
        assertThat(send("\r\n")).isEqualTo("500 5.5.2 Error: command not recognized\r\n");
        assertThat(send("EHLO\r\n")).isEqualTo("501 Syntax: EHLO hostname\r\n");
        assertThat(send("HELO bad<name>\r\n")).isEqualTo("501 Syntax: HELO hostname\r\n");
        assertThat(sendSplit("EHLO client.test\r\n", "MAIL FROM:a@remote.test\r\n"))
                .endsWith("501 5.5.4 Syntax: MAIL FROM:<address>\r\n");
        assertThat(send("MAIL TO:<a@remote.test>\r\n")).isEqualTo("501 5.5.4 Syntax: MAIL FROM:<address>\r\n");
        assertThat(send("MAIL FROM:<a@remote.test\r\n")).isEqualTo("501 5.5.4 Syntax: MAIL FROM:<address>\r\n");
        assertThat(send("MAIL FROM:<not an address>\r\n"))
                .isEqualTo("501 5.1.7 Error: bad sender address syntax\r\n");
        assertThat(send("MAIL FROM:<a@remote.test> FOO=1\r\n"))
                .isEqualTo("555 5.5.4 Error: unsupported parameter FOO\r\n");
        assertThat(send("MAIL FROM:<a@remote.test> BODY=BINARYMIME\r\n"))
                .isEqualTo("555 5.5.4 Error: unsupported BODY type\r\n");
        assertThat(send("NOOP\0\r\n")).isEqualTo("500 5.5.2 Error: invalid character in command\r\n");
        assertThat(send("RSET now\r\n")).isEqualTo("501 5.5.4 Syntax: RSET\r\n");
        assertThat(send("STARTTLS\r\n")).isEqualTo("502 5.5.1 Error: command not implemented\r\n");
    }

    @Test
    void parametersNeedEhlo() {
        open();
        assertThat(sendSplit("HELO client.test\r\n", "MAIL FROM:<a@remote.test> SIZE=10\r\n"))
                .endsWith("555 5.5.4 Error: unsupported parameter\r\n");
        assertThat(send("MAIL FROM:<a@remote.test>\r\n")).isEqualTo("250 2.1.0 Sender ok\r\n");
    }

    @Test
    void recipientAddresses() {
        open();
        sendSplit("EHLO client.test\r\n", "MAIL FROM:<a@remote.test>\r\n");
        assertThat(send("RCPT TO:<alice>\r\n")).isEqualTo("501 5.1.3 Error: bad recipient address syntax\r\n");
        assertThat(send("RCPT TO:<>\r\n")).isEqualTo("501 5.1.3 Error: bad recipient address syntax\r\n");
        assertThat(send("RCPT TO:<a..b@example.test>\r\n")).startsWith("501 5.1.3 ");
        assertThat(send("RCPT TO:alice@example.test\r\n")).isEqualTo("501 5.5.4 Syntax: RCPT TO:<address>\r\n");
        // send() writes ISO-8859-1: a lone 0xF6 byte is not UTF-8.
        assertThat(send("RCPT TO:<j\u00f6rg@example.test>\r\n"))
                .isEqualTo("553 5.6.7 Error: malformed UTF-8 in address\r\n");
        assertThat(send("RCPT TO:<alice@example.test> FOO=BAR\r\n"))
                .isEqualTo("555 5.5.4 Error: unsupported parameter FOO\r\n");
        assertThat(send("RCPT TO:<eve@remote.test>\r\n"))
                .isEqualTo("554 5.7.1 <eve@remote.test>: Relay access denied\r\n");
        assertThat(send("RCPT TO:<x@broken.test>\r\n"))
                .isEqualTo("451 4.3.0 Error: temporary recipient lookup failure, try again later\r\n");
        // Source routes are accepted and ignored; a space after the colon is tolerated.
        assertThat(send("RCPT TO: <@relay.one,@relay.two:bob@example.test>\r\n"))
                .isEqualTo("250 2.1.5 Recipient ok\r\n");
        assertThat(send("RCPT TO:<BOB@example.test>\r\n")).isEqualTo("250 2.1.5 Recipient ok\r\n");
        assertThat(send("RCPT TO:<PostMaster>\r\n")).isEqualTo("250 2.1.5 Recipient ok\r\n");
        assertThat(send("RCPT TO:<POSTMASTER@example.test>\r\n")).isEqualTo("250 2.1.5 Recipient ok\r\n");
        assertThat(session.transaction().recipients()).containsExactly("bob@example.test",
                "postmaster@mx.example.test", "POSTMASTER@example.test");
        assertThat(counter("mailstream.smtp.recipients.rejected", "relay_denied")).isEqualTo(1);
    }

    @Test
    void duplicateRecipientsAreKeptOnce() {
        open();
        sendSplit("EHLO client.test\r\n", "MAIL FROM:<a@remote.test>\r\n");
        assertThat(send("RCPT TO:<alice@example.test>\r\nRCPT TO:<ALICE@example.test>\r\nRCPT TO:<alice@EXAMPLE.test>\r\n"))
                .isEqualTo("250 2.1.5 Recipient ok\r\n".repeat(3));
        assertThat(session.transaction().recipients()).containsExactly("alice@example.test");
    }

    @Test
    void hundredRecipientsThenTooMany() {
        open(SmtpSettings.defaults("mx.example.test").withMaxRecipients(100));
        SmtpSession s = session;
        sendSplit("EHLO client.test\r\n", "MAIL FROM:<a@remote.test>\r\n");
        for (int i = 0; i < 100; i++) {
            s.transaction().addRecipient(MailAddress.parse("user" + i + "@example.test"));
        }
        assertThat(send("RCPT TO:<alice@example.test>\r\n")).isEqualTo("452 4.5.3 Error: too many recipients\r\n");
        assertThat(send("DATA\r\n")).isEqualTo("354 End data with <CR><LF>.<CR><LF>\r\n");
        assertThat(send(".\r\n")).startsWith("250 2.0.0 ");
        assertThat(sink.messages.get(0).envelope().recipients()).hasSize(100);
    }

    @Test
    void commandLineLimitIs512OctetsIncludingCrlf() {
        open();
        String longest = "NOOP " + "x".repeat(512 - 7) + "\r\n";
        assertThat(longest).hasSize(512);
        assertThat(send(longest)).isEqualTo("250 2.0.0 Ok\r\n");
        assertThat(send("NOOP " + "x".repeat(512 - 6) + "\r\n")).isEqualTo("500 5.5.6 Error: line too long\r\n");
        // 100 kB without a line end: one reply, nothing buffered beyond the limit, the session goes on.
        StringBuilder replies = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            replies.append(send("y".repeat(1000)));
        }
        replies.append(send("\r\nNOOP\r\n"));
        assertThat(replies.toString()).isEqualTo("500 5.5.6 Error: line too long\r\n250 2.0.0 Ok\r\n");
    }

    @Test
    void overlongMessageLineRefusesTheMessage() {
        openTransaction();
        assertThat(send("x".repeat(10_001) + "\r\n.\r\n")).isEqualTo("500 5.5.6 Error: message line too long\r\n");
        assertThat(sink.messages).isEmpty();
    }

    @Test
    void idleTimeoutIs421AndCloses() {
        open();
        session.onIdleTimeout(conn);
        assertThat(conn.take()).isEqualTo("421 4.4.2 mx.example.test Error: timeout exceeded, closing connection\r\n");
        assertThat(conn.closed()).isTrue();
    }

    @Test
    void rsetAndEhloEndTheTransactionButNotTheGreeting() {
        open();
        sendSplit("EHLO client.test\r\n", "MAIL FROM:<a@remote.test>\r\nRCPT TO:<alice@example.test>\r\n");
        assertThat(send("RSET\r\n")).isEqualTo("250 2.0.0 Ok\r\n");
        assertThat(session.transaction()).isNull();
        assertThat(send("DATA\r\n")).isEqualTo("503 5.5.1 Error: need MAIL command\r\n");
        assertThat(send("MAIL FROM:<a@remote.test>\r\nRCPT TO:<alice@example.test>\r\n")).endsWith("250 2.1.5 Recipient ok\r\n");
        send("EHLO again.test\r\n");
        assertThat(session.transaction()).isNull();
        assertThat(session.connection().heloName()).isEqualTo("again.test");
    }

    @Test
    void vrfyExpnHelpNoopQuit() {
        open();
        assertThat(send("VRFY alice\r\n")).isEqualTo(
                "252 2.5.0 Cannot VRFY user, but will accept message and attempt delivery\r\n");
        assertThat(send("VRFY nobody@example.test\r\n")).startsWith("252 2.5.0 ");
        assertThat(send("VRFY\r\n")).isEqualTo("501 5.5.4 Syntax: VRFY address\r\n");
        assertThat(send("EXPN staff\r\n")).isEqualTo("502 5.5.1 Error: EXPN is not available\r\n");
        assertThat(send("HELP\r\n")).isEqualTo("214-2.0.0 Commands: EHLO HELO STARTTLS AUTH MAIL RCPT DATA BDAT RSET NOOP QUIT VRFY HELP\r\n"
                + "214 2.0.0 See RFC 5321\r\n");
        assertThat(send("noop whatever\r\n")).isEqualTo("250 2.0.0 Ok\r\n");
        assertThat(send("quit\r\n")).isEqualTo("221 2.0.0 Bye\r\n");
        assertThat(conn.closed()).isTrue();
    }

    @Test
    void storeOrBrokerFailureIs451AndResetsTheTransaction() {
        sink.failing = true;
        openTransaction();
        assertThat(send("Subject: x\r\n\r\nbody\r\n.\r\n"))
                .isEqualTo("451 4.3.0 Error: temporary failure storing the message, try again later\r\n");
        assertThat(session.transaction()).isNull();
        assertThat(send("RCPT TO:<alice@example.test>\r\n")).isEqualTo("503 5.5.1 Error: need MAIL command\r\n");
        assertThat(counter("mailstream.smtp.messages.rejected", "temporary_failure")).isEqualTo(1);
    }

    @Test
    void sessionMetricsAndDisconnectMidData() {
        openTransaction();
        assertThat(registry.find("mailstream.smtp.sessions.active").gauge().value()).isEqualTo(1);
        send("Subject: half a message\r\n");
        session.onClose();
        assertThat(sink.messages).isEmpty();
        assertThat(registry.find("mailstream.smtp.sessions.active").gauge().value()).isZero();
        assertThat(registry.find("mailstream.smtp.sessions").counter().count()).isEqualTo(1);
        assertThat(registry.find("mailstream.smtp.command").tag("command", "RCPT").timer().count()).isEqualTo(1);
    }
}
