package io.mailstream.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailstream.core.event.MessageAccepted.RecipientDsn;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** SMTPUTF8 (RFC 6531) and DSN parameters (RFC 3461), in memory. */
class Utf8AndDsnTest {

    private final SessionHarness h = new SessionHarness();

    private void greeted() {
        h.open();
        assertThat(h.send("EHLO client.test\r\n")).contains("250-DSN\r\n").contains("250 SMTPUTF8\r\n");
    }

    private String deliver() {
        h.send("DATA\r\n");
        return h.send("Subject: x\r\n\r\nhi\r\n.\r\n");
    }

    @Test
    void utf8AddressesNeedTheSmtpUtf8Parameter() {
        greeted();
        assertThat(h.send("MAIL FROM:<j\u00f6rg@b\u00fccher.example>\r\n"))
                .isEqualTo("553 5.6.7 Error: non-ASCII address needs the SMTPUTF8 parameter\r\n");
        assertThat(h.send("MAIL FROM:<a@remote.test>\r\n")).startsWith("250 ");
        assertThat(h.send("RCPT TO:<J\u00f6rg@example.test>\r\n")).startsWith("553 5.6.7 ");
        h.send("RSET\r\n");
        assertThat(h.send("MAIL FROM:<j\u00f6rg@b\u00fccher.example> SMTPUTF8\r\n")).isEqualTo("250 2.1.0 Sender ok\r\n");
        assertThat(h.send("RCPT TO:<J\u00f6rg@example.test>\r\n")).isEqualTo("250 2.1.5 Recipient ok\r\n");
        assertThat(deliver()).startsWith("250 2.0.0 Ok: queued as ");
        IncomingMessage m = h.sink.messages.get(0);
        assertThat(m.options().smtpUtf8()).isTrue();
        assertThat(m.envelope().sender()).isEqualTo("j\u00f6rg@xn--bcher-kva.example");
        assertThat(m.envelope().recipients()).containsExactly("J\u00f6rg@example.test");
        assertThat(new String(m.content(), StandardCharsets.UTF_8)).contains(" with UTF8SMTP id ")
                .contains("for <J\u00f6rg@example.test>");
    }

    @Test
    void malformedOrDeceptiveUtf8IsRefused() {
        greeted();
        byte[] overlong = "MAIL FROM:<a\u00c0\u00afb@remote.test> SMTPUTF8\r\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(h.send(overlong)).isEqualTo("553 5.6.7 Error: malformed UTF-8 in address\r\n");
        assertThat(h.send("MAIL FROM:<a\u0085b@remote.test> SMTPUTF8\r\n")).as("C1 NEL")
                .isEqualTo("553 5.6.7 Error: malformed UTF-8 in address\r\n");
        assertThat(h.send("MAIL FROM:<a\u2028b@remote.test> SMTPUTF8\r\n")).as("line separator")
                .startsWith("553 5.6.7 ");
        assertThat(h.send("MAIL FROM:<a\u202eb@remote.test> SMTPUTF8\r\n")).as("bidi override").startsWith("553 5.6.7 ");
        assertThat(h.send("MAIL FROM:<a@remote.test> SMTPUTF8=yes\r\n")).startsWith("501 5.5.4 ");
    }

    @Test
    void dsnParametersAreKeptForTheRelay() {
        greeted();
        assertThat(h.send("MAIL FROM:<a@remote.test> RET=hdrs ENVID=QQ+2B314\r\n")).isEqualTo("250 2.1.0 Sender ok\r\n");
        assertThat(h.send("RCPT TO:<alice@example.test> NOTIFY=success,FAILURE ORCPT=rfc822;alice+40example.test\r\n"))
                .isEqualTo("250 2.1.5 Recipient ok\r\n");
        assertThat(h.send("RCPT TO:<bob@example.test> NOTIFY=NEVER\r\n")).startsWith("250 ");
        assertThat(h.send("RCPT TO:<postmaster@example.test>\r\n")).startsWith("250 ");
        assertThat(deliver()).startsWith("250 2.0.0 Ok: queued as ");
        IncomingMessage m = h.sink.messages.get(0);
        assertThat(m.options().dsnRet()).isEqualTo("HDRS");
        assertThat(m.options().dsnEnvid()).isEqualTo("QQ+2B314");
        assertThat(m.recipientDsn()).containsExactly(
                new RecipientDsn("alice@example.test", "SUCCESS,FAILURE", "rfc822;alice+40example.test"),
                new RecipientDsn("bob@example.test", "NEVER", null));
    }

    @Test
    void malformedDsnParametersAreSyntaxErrors() {
        h.settings = h.settings.withMaxErrors(100);
        greeted();
        assertThat(h.send("MAIL FROM:<a@remote.test> RET=ALL\r\n")).startsWith("501 5.5.4 Syntax: ");
        assertThat(h.send("MAIL FROM:<a@remote.test> RET\r\n")).startsWith("501 5.5.4 ");
        assertThat(h.send("MAIL FROM:<a@remote.test> ENVID=a=b\r\n")).startsWith("501 5.5.4 ");
        assertThat(h.send("MAIL FROM:<a@remote.test> ENVID=a+2x\r\n")).startsWith("501 5.5.4 ");
        assertThat(h.send("MAIL FROM:<a@remote.test> ENVID=" + "e".repeat(101) + "\r\n")).startsWith("501 5.5.4 ");
        assertThat(h.send("MAIL FROM:<a@remote.test> RET=FULL RET=HDRS\r\n")).startsWith("501 5.5.4 ");
        assertThat(h.send("MAIL FROM:<a@remote.test>\r\n")).startsWith("250 ");
        assertThat(h.send("RCPT TO:<alice@example.test> NOTIFY=NEVER,SUCCESS\r\n")).startsWith("501 5.5.4 ");
        assertThat(h.send("RCPT TO:<alice@example.test> NOTIFY=SUCCESS,SUCCESS\r\n")).startsWith("501 5.5.4 ");
        assertThat(h.send("RCPT TO:<alice@example.test> NOTIFY=\r\n")).startsWith("501 5.5.4 ");
        assertThat(h.send("RCPT TO:<alice@example.test> ORCPT=rfc822\r\n")).startsWith("501 5.5.4 ");
        assertThat(h.send("RCPT TO:<alice@example.test> ORCPT=rfc822;a+ZZ\r\n")).startsWith("501 5.5.4 ");
        assertThat(h.send("RCPT TO:<alice@example.test> ORCPT=rfc 822;a\r\n")).startsWith("501 5.5.4 ");
        assertThat(h.session.transaction().recipientCount()).isZero();
    }
}
