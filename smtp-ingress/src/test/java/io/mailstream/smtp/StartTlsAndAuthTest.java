package io.mailstream.smtp;

import static io.mailstream.smtp.SessionHarness.b64;
import static io.mailstream.smtp.SessionHarness.plain;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** STARTTLS (RFC 3207), AUTH (RFC 4954) and the listener policies, in memory. */
class StartTlsAndAuthTest {

    private final SessionHarness h = new SessionHarness();

    private String ehlo() {
        return h.send("EHLO client.test\r\n");
    }

    /** An MX session with a certificate, after STARTTLS and a new EHLO. */
    private void secureMx() {
        h.conn = new MemoryConnection().withCertificate();
        h.open();
        ehlo();
        assertThat(h.startTls()).isEqualTo("220 2.0.0 Ready to start TLS\r\n");
        ehlo();
    }

    // ---- STARTTLS ------------------------------------------------------------------------

    @Test
    void startTlsIsOfferedOnlyWithACertificateAndOnlyBeforeTls() {
        h.open();
        assertThat(ehlo()).doesNotContain("STARTTLS").doesNotContain("AUTH");
        assertThat(h.send("STARTTLS\r\n")).isEqualTo("502 5.5.1 Error: command not implemented\r\n");

        h.conn = new MemoryConnection().withCertificate();
        h.open();
        assertThat(ehlo()).contains("250-STARTTLS\r\n").doesNotContain("AUTH");
        assertThat(h.send("STARTTLS now\r\n")).isEqualTo("501 5.5.4 Syntax: STARTTLS\r\n");
        h.startTls();
        assertThat(ehlo()).doesNotContain("STARTTLS").contains("250-AUTH PLAIN LOGIN\r\n");
        assertThat(h.send("STARTTLS\r\n")).isEqualTo("503 5.5.1 Error: TLS already active\r\n");
        assertThat(h.counter("mailstream.smtp.tls.handshakes", "result", "success")).isEqualTo(1);
    }

    @Test
    void cve2011_0411_commandsPipelinedBehindStartTlsAreDiscarded() {
        h.conn = new MemoryConnection().withCertificate();
        h.open();
        ehlo();
        // The attack: plain-text commands in the same packet as STARTTLS, hoping to be answered
        // (or executed) inside the TLS session.
        assertThat(h.send("STARTTLS\r\nRSET\r\nMAIL FROM:<evil@remote.test>\r\n"))
                .isEqualTo("220 2.0.0 Ready to start TLS\r\n");
        assertThat(h.conn.tlsRequested()).isTrue();
        // More plain text in a later packet, before the handshake completes: dropped too.
        assertThat(h.send("RCPT TO:<alice@example.test>\r\n")).isEmpty();
        h.conn.completeTls();
        h.session.onTlsStarted();
        // The first protected command gets exactly its own reply, and nothing of the injected
        // MAIL FROM survived: the client must even say EHLO again.
        assertThat(h.send("NOOP\r\n")).isEqualTo("250 2.0.0 Ok\r\n");
        assertThat(h.send("RCPT TO:<alice@example.test>\r\n")).isEqualTo("503 5.5.1 Error: send HELO/EHLO first\r\n");
        assertThat(h.session.transaction()).isNull();
        assertThat(h.counter("mailstream.smtp.limit.hits", "limit", "pipelining")).isEqualTo(1);
    }

    @Test
    void allSessionStateIsForgottenWhenTlsStarts() {
        h.conn = new MemoryConnection("127.0.0.1").withCertificate();
        h.settings = h.settings.withPlaintextLoopbackAuth(true);
        h.open();
        ehlo();
        assertThat(h.authAlice()).isEqualTo("235 2.7.0 Authentication successful\r\n");
        assertThat(h.send("MAIL FROM:<alice@example.test>\r\n")).startsWith("250 ");
        assertThat(h.send("STARTTLS\r\n")).isEqualTo("503 5.5.1 Error: MAIL transaction in progress\r\n");
        h.send("RSET\r\n");
        h.startTls();
        assertThat(h.session.connection().greeted()).isFalse();
        assertThat(h.session.connection().authenticated()).isFalse();
        assertThat(h.send("MAIL FROM:<alice@example.test>\r\n")).isEqualTo("503 5.5.1 Error: send HELO/EHLO first\r\n");
        ehlo();
        assertThat(h.authAlice()).startsWith("235 ");
    }

    @Test
    void aHandshakeThatNeverCompletesCountsAsFailed() {
        h.conn = new MemoryConnection().withCertificate();
        h.open();
        ehlo();
        h.send("STARTTLS\r\n");
        h.session.onClose();
        assertThat(h.counter("mailstream.smtp.tls.handshakes", "result", "failure")).isEqualTo(1);
    }

    // ---- AUTH ----------------------------------------------------------------------------

    @Test
    void authIsNeverOfferedNorAcceptedInClearText() {
        h.conn = new MemoryConnection("127.0.0.1").withCertificate();
        h.open();
        assertThat(ehlo()).doesNotContain("AUTH");
        assertThat(h.authAlice())
                .isEqualTo("538 5.7.11 Encryption required for requested authentication mechanism\r\n");
        assertThat(h.send("AUTH LOGIN\r\n")).startsWith("538 5.7.11 ");
        assertThat(h.session.connection().authenticated()).isFalse();
    }

    @Test
    void loopbackExceptionIsForLoopbackOnly() {
        h.settings = h.settings.withPlaintextLoopbackAuth(true);
        h.open(); // from 192.0.2.10
        assertThat(ehlo()).doesNotContain("AUTH");
        assertThat(h.authAlice()).startsWith("538 5.7.11 ");

        h.conn = new MemoryConnection("::1");
        h.open();
        assertThat(ehlo()).contains("250-AUTH PLAIN LOGIN\r\n");
        assertThat(h.authAlice()).startsWith("235 2.7.0 ");
    }

    @Test
    void authPlainWithInitialResponseAndTheAccountOnTheMessage() {
        secureMx();
        assertThat(h.authAlice()).isEqualTo("235 2.7.0 Authentication successful\r\n");
        assertThat(h.authAlice()).isEqualTo("503 5.5.1 Error: already authenticated\r\n");
        assertThat(h.send("MAIL FROM:<alice@example.test>\r\n")).isEqualTo("250 2.1.0 Sender ok\r\n");
        assertThat(h.send("RCPT TO:<friend@remote.test>\r\n")).isEqualTo("250 2.1.5 Recipient ok\r\n");
        assertThat(h.send("DATA\r\n")).startsWith("354 ");
        assertThat(h.send("Subject: hi\r\n\r\nhello\r\n.\r\n")).startsWith("250 2.0.0 Ok: queued as ");
        IncomingMessage m = h.sink.messages.get(0);
        assertThat(m.authUser()).isEqualTo("alice@example.test");
        assertThat(new String(m.content(), StandardCharsets.UTF_8)).contains(" with ESMTPSA id ");
        assertThat(h.counter("mailstream.smtp.auth", "result", "success")).isEqualTo(1);
    }

    @Test
    void authPlainWithAContinuation() {
        secureMx();
        assertThat(h.send("AUTH PLAIN\r\n")).isEqualTo("334 \r\n");
        assertThat(h.send(plain("alice@example.test", "alice@example.test", "alice-secret") + "\r\n"))
                .isEqualTo("235 2.7.0 Authentication successful\r\n");
    }

    @Test
    void authLoginStepByStepAndWithInitialResponse() {
        secureMx();
        assertThat(h.send("AUTH LOGIN\r\n")).isEqualTo("334 VXNlcm5hbWU6\r\n");
        assertThat(h.send(b64("alice@example.test") + "\r\n")).isEqualTo("334 UGFzc3dvcmQ6\r\n");
        assertThat(h.send(b64("wrong") + "\r\n")).isEqualTo("535 5.7.8 Error: authentication failed\r\n");
        assertThat(h.send("auth login " + b64("alice@example.test") + "\r\n")).isEqualTo("334 UGFzc3dvcmQ6\r\n");
        assertThat(h.send(b64("alice-secret") + "\r\n")).isEqualTo("235 2.7.0 Authentication successful\r\n");
        assertThat(h.session.connection().authUser()).isEqualTo("alice@example.test");
    }

    @Test
    void cancelBadBase64MalformedAndUnknownMechanisms() {
        secureMx();
        assertThat(h.send("AUTH PLAIN\r\n")).isEqualTo("334 \r\n");
        assertThat(h.send("*\r\n")).isEqualTo("501 5.7.0 Error: authentication cancelled\r\n");
        assertThat(h.send("AUTH PLAIN not*base64\r\n")).isEqualTo("501 5.5.2 Error: invalid base64 data\r\n");
        assertThat(h.send("AUTH LOGIN\r\n")).startsWith("334 ");
        assertThat(h.send("%%%\r\n")).isEqualTo("501 5.5.2 Error: invalid base64 data\r\n");
        assertThat(h.send("AUTH PLAIN " + b64("no separators") + "\r\n"))
                .isEqualTo("501 5.5.2 Error: malformed authentication response\r\n");
        assertThat(h.send("AUTH PLAIN =\r\n")).isEqualTo("501 5.5.2 Error: malformed authentication response\r\n");
        assertThat(h.send("AUTH CRAM-MD5\r\n")).isEqualTo("504 5.5.4 Error: unsupported authentication mechanism\r\n");
        assertThat(h.send("AUTH\r\n")).isEqualTo("501 5.5.4 Syntax: AUTH mechanism [initial-response]\r\n");
        assertThat(h.session.connection().authenticated()).isFalse();
        assertThat(h.counter("mailstream.smtp.auth", "result", "cancelled")).isEqualTo(1);
    }

    @Test
    void wrongPasswordThrottlingAndAnUnavailableDirectory() {
        h.settings = h.settings.withMaxErrors(100);
        secureMx();
        assertThat(h.send("AUTH PLAIN " + plain("", "alice@example.test", "guess") + "\r\n"))
                .isEqualTo("535 5.7.8 Error: authentication failed\r\n");
        assertThat(h.send("AUTH PLAIN " + plain("bob@example.test", "alice@example.test", "alice-secret") + "\r\n"))
                .as("acting as someone else").isEqualTo("535 5.7.8 Error: authentication failed\r\n");
        assertThat(h.send("AUTH PLAIN " + plain("", "slow@example.test", "x") + "\r\n"))
                .isEqualTo("454 4.7.0 Temporary authentication failure, try again later\r\n");
        assertThat(h.send("AUTH PLAIN " + plain("", "down@example.test", "x") + "\r\n"))
                .isEqualTo("454 4.7.0 Temporary authentication failure, try again later\r\n");
        assertThat(h.counter("mailstream.smtp.auth", "result", "failure")).isEqualTo(2);
        assertThat(h.counter("mailstream.smtp.auth", "result", "throttled")).isEqualTo(1);
        assertThat(h.counter("mailstream.smtp.auth", "result", "unavailable")).isEqualTo(1);
        assertThat(h.counter("mailstream.smtp.limit.hits", "limit", "auth_failures")).isEqualTo(1);
    }

    @Test
    void authNeedsEhloAndNoOpenTransaction() {
        h.conn = new MemoryConnection().withCertificate();
        h.open();
        assertThat(h.authAlice()).isEqualTo("503 5.5.1 Error: send HELO/EHLO first\r\n");
        h.send("HELO client.test\r\n");
        h.startTls();
        h.send("HELO client.test\r\n");
        assertThat(h.authAlice()).isEqualTo("503 5.5.1 Error: send EHLO first\r\n");
        ehlo();
        h.send("MAIL FROM:<>\r\n");
        assertThat(h.authAlice()).isEqualTo("503 5.5.1 Error: MAIL transaction in progress\r\n");
    }

    // ---- listener policies ---------------------------------------------------------------

    @Test
    void submissionNeedsStartTlsThenAuthBeforeMail() {
        h.listener = ListenerPolicy.SUBMISSION;
        h.conn = new MemoryConnection().withCertificate();
        h.open();
        ehlo();
        assertThat(h.send("MAIL FROM:<alice@example.test>\r\n"))
                .isEqualTo("530 5.7.0 Must issue a STARTTLS command first\r\n");
        h.startTls();
        ehlo();
        assertThat(h.send("MAIL FROM:<alice@example.test>\r\n")).isEqualTo("530 5.7.0 Authentication required\r\n");
        h.authAlice();
        assertThat(h.send("MAIL FROM:<Alice@EXAMPLE.test>\r\n")).isEqualTo("250 2.1.0 Sender ok\r\n");
        assertThat(h.send("RCPT TO:<friend@remote.test>\r\n")).isEqualTo("250 2.1.5 Recipient ok\r\n");
    }

    @Test
    void authenticatedClientsSendOnlyAsThemselves() {
        h.listener = ListenerPolicy.SUBMISSION;
        h.conn = new MemoryConnection().withCertificate();
        h.open();
        ehlo();
        h.startTls();
        ehlo();
        h.authAlice();
        assertThat(h.send("MAIL FROM:<bob@example.test>\r\n"))
                .isEqualTo("553 5.7.1 <bob@example.test>: Sender address rejected: not owned by the authenticated user\r\n");
        assertThat(h.send("MAIL FROM:<alice@remote.test>\r\n")).startsWith("553 5.7.1 ");
        assertThat(h.send("MAIL FROM:<\"alice\"@example.test>\r\n")).startsWith("553 5.7.1 ");
        assertThat(h.send("MAIL FROM:<>\r\n")).as("bounces carry no address").isEqualTo("250 2.1.0 Sender ok\r\n");
    }

    @Test
    void whenTheDirectoryCannotSayWhoOwnsASenderTheClientTriesAgainLater() {
        h.listener = ListenerPolicy.SUBMISSION;
        h.conn = new MemoryConnection().withCertificate();
        h.senders = (account, sender) -> {
            throw new io.mailstream.store.StoreException("directory down", new RuntimeException());
        };
        h.open();
        ehlo();
        h.startTls();
        ehlo();
        h.authAlice();
        assertThat(h.send("MAIL FROM:<alice@example.test>\r\n"))
                .isEqualTo("451 4.3.0 <alice@example.test>: Error: temporary sender lookup failure, try again later\r\n");
        assertThat(h.send("MAIL FROM:<>\r\n")).isEqualTo("250 2.1.0 Sender ok\r\n");
    }

    @Test
    void implicitTlsIsSecureFromTheFirstByte() {
        h.listener = ListenerPolicy.SMTPS;
        h.conn = new MemoryConnection().implicitTls();
        h.open();
        assertThat(ehlo()).doesNotContain("STARTTLS").contains("250-AUTH PLAIN LOGIN\r\n");
        assertThat(h.send("STARTTLS\r\n")).isEqualTo("503 5.5.1 Error: TLS already active\r\n");
        assertThat(h.send("MAIL FROM:<alice@example.test>\r\n")).isEqualTo("530 5.7.0 Authentication required\r\n");
        assertThat(h.authAlice()).startsWith("235 ");
        assertThat(h.send("MAIL FROM:<alice@example.test>\r\n")).startsWith("250 ");
        assertThat(h.counter("mailstream.smtp.tls.handshakes", "result", "implicit")).isEqualTo(1);
        assertThat(h.counter("mailstream.smtp.sessions", "listener", "smtps")).isEqualTo(1);
    }

    @Test
    void mxNeverRelaysForAnUnauthenticatedClientEvenUnderTls() {
        secureMx();
        h.send("MAIL FROM:<alice@example.test>\r\n");
        assertThat(h.send("RCPT TO:<friend@remote.test>\r\n"))
                .isEqualTo("554 5.7.1 <friend@remote.test>: Relay access denied\r\n");
        assertThat(h.send("RCPT TO:<alice@example.test>\r\n")).startsWith("250 ");
    }
}
