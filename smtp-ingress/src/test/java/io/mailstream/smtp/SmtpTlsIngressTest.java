package io.mailstream.smtp;

import io.mailstream.testkit.TlsTestResources;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.JsonNode;

import io.mailstream.core.Topics;
import io.mailstream.store.Directory;
import io.mailstream.testkit.MailstreamTestResources;
import io.mailstream.testkit.TestTls;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import jakarta.inject.Inject;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The three listeners over real TCP and real TLS: submission with STARTTLS and AUTH, implicit TLS,
 * and the MX port's STARTTLS, with Angus Mail and a raw socket. Credentials are checked by
 * mail-store's Authenticator against the Mongo-wire store; the event goes to a real broker.
 */
@QuarkusTest
@QuarkusTestResource(MailstreamTestResources.class)
@QuarkusTestResource(TlsTestResources.class)
class SmtpTlsIngressTest {

    private static final Pattern QUEUED = Pattern.compile("^250 2\\.0\\.0 Ok: queued as ([0-9A-Z]{18})\r?\n?$");

    @Inject
    Directory directory;
    @Inject
    SmtpServer server;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @BeforeEach
    void accounts() {
        directory.addDomain("example.test");
        if (directory.findUser("carol@example.test").isEmpty()) {
            directory.addUser("carol@example.test", "carol-password");
        }
    }

    private Properties angus(String protocol, int port) {
        Properties props = new Properties();
        props.put("mail." + protocol + ".host", "127.0.0.1");
        props.put("mail." + protocol + ".port", String.valueOf(port));
        props.put("mail." + protocol + ".localhost", "angus.test");
        props.put("mail." + protocol + ".auth", "true");
        props.put("mail." + protocol + ".ssl.socketFactory", TestTls.clientContext().getSocketFactory());
        props.put("mail." + protocol + ".ssl.checkserveridentity", "true");
        props.put("mail." + protocol + ".connectiontimeout", "10000");
        props.put("mail." + protocol + ".timeout", "40000");
        return props;
    }

    /** Sends as carol to a remote address (relaying) and returns the published MessageAccepted. */
    private JsonNode send(Properties props, String protocol, String password) throws Exception {
        Session session = Session.getInstance(props);
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("carol@example.test"));
        message.setRecipients(RecipientType.TO, "friend@remote.test");
        message.setSubject("over TLS");
        message.setText("hello\r\n");
        String response;
        try (Transport transport = session.getTransport(protocol)) {
            transport.connect("carol@example.test", password);
            transport.sendMessage(message, message.getAllRecipients());
            response = ((SMTPTransport) transport).getLastServerResponse();
        }
        Matcher m = QUEUED.matcher(response);
        assertThat(m.matches()).as(response).isTrue();
        return new KafkaRecords(bootstrap).record(Topics.INBOUND, m.group(1));
    }

    @Test
    void submissionWithStartTlsAndAuthRelaysForTheUser() throws Exception {
        Properties props = angus("smtp", server.submissionPort());
        props.put("mail.smtp.starttls.enable", "true");
        props.put("mail.smtp.starttls.required", "true");
        JsonNode accepted = send(props, "smtp", "carol-password");
        assertThat(accepted.get("authUser").asText()).isEqualTo("carol@example.test");
        assertThat(accepted.get("sender").asText()).isEqualTo("carol@example.test");
        assertThat(accepted.get("recipients").get(0).asText()).isEqualTo("friend@remote.test");
        assertThat(accepted.get("smtpUtf8").asBoolean()).isFalse();
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("mailstream_smtp_auth_total{result=\"success\""))
                .body(containsString("mailstream_smtp_sessions_total{listener=\"submission\""))
                .body(containsString("mailstream_smtp_accept_seconds_bucket"));
    }

    @Test
    void implicitTlsSubmission() throws Exception {
        JsonNode accepted = send(angus("smtps", server.smtpsPort()), "smtps", "carol-password");
        assertThat(accepted.get("authUser").asText()).isEqualTo("carol@example.test");
    }

    @Test
    void wrongPasswordIsRefused() {
        Properties props = angus("smtps", server.smtpsPort());
        assertThatThrownBy(() -> send(props, "smtps", "not-the-password"))
                .isInstanceOf(AuthenticationFailedException.class).hasMessageContaining("535 5.7.8");
    }

    @Test
    void submissionWithoutAuthGetsNoFurtherThanMail() throws Exception {
        try (RawSmtpClient c = new RawSmtpClient(server.submissionPort())) {
            c.reply();
            assertThat(c.command("EHLO client.test")).contains("250-STARTTLS\r\n").doesNotContain("AUTH");
            assertThat(c.command("AUTH PLAIN " + plain("carol@example.test", "carol-password")))
                    .startsWith("538 5.7.11 ");
            assertThat(c.command("MAIL FROM:<carol@example.test>"))
                    .isEqualTo("530 5.7.0 Must issue a STARTTLS command first\r\n");
            assertThat(c.command("STARTTLS")).isEqualTo("220 2.0.0 Ready to start TLS\r\n");
            c.startTls(TestTls.clientContext());
            assertThat(c.command("EHLO client.test")).contains("250-AUTH PLAIN LOGIN\r\n");
            assertThat(c.command("MAIL FROM:<carol@example.test>")).isEqualTo("530 5.7.0 Authentication required\r\n");
            assertThat(c.command("AUTH PLAIN " + plain("carol@example.test", "carol-password")))
                    .isEqualTo("235 2.7.0 Authentication successful\r\n");
            assertThat(c.command("MAIL FROM:<someone@example.test>")).startsWith("553 5.7.1 ");
        }
    }

    @Test
    void anAuthenticatedUserSendsAsItsSubaddressesAndAliasesButNotAsOthers() throws Exception {
        if (directory.findAlias("sales@example.test").isEmpty()) {
            directory.addAlias("sales@example.test", List.of("carol@example.test", "dave@remote.test"));
        }
        if (directory.findUser("erin@example.test").isEmpty()) {
            directory.addUser("erin@example.test", "erin-password");
        }
        try (RawSmtpClient c = new RawSmtpClient(server.submissionPort())) {
            c.reply();
            c.command("EHLO client.test");
            c.command("STARTTLS");
            c.startTls(TestTls.clientContext());
            c.command("EHLO client.test");
            assertThat(c.command("AUTH PLAIN " + plain("carol@example.test", "carol-password"))).startsWith("235 ");
            for (String own : List.of("carol@example.test", "carol+lists@example.test", "Sales@Example.TEST")) {
                assertThat(c.command("MAIL FROM:<" + own + ">")).as(own).isEqualTo("250 2.1.0 Sender ok\r\n");
                assertThat(c.command("RSET")).startsWith("250 ");
            }
            for (String foreign : List.of("erin@example.test", "erin+x@example.test", "carol@remote.test")) {
                assertThat(c.command("MAIL FROM:<" + foreign + ">")).as(foreign)
                        .startsWith("553 5.7.1 <" + foreign + ">: Sender address rejected");
            }
        }
    }

    @Test
    void mxStartTlsDropsWhatWasPipelinedBehindIt() throws Exception {
        try (RawSmtpClient c = new RawSmtpClient(server.port())) {
            c.reply();
            assertThat(c.command("EHLO client.test")).contains("250-STARTTLS\r\n").doesNotContain("AUTH");
            // CVE-2011-0411: the RSET travels in clear text in the same packet as STARTTLS.
            c.write("STARTTLS\r\nRSET\r\n");
            assertThat(c.reply()).isEqualTo("220 2.0.0 Ready to start TLS\r\n");
            c.startTls(TestTls.clientContext());
            // Had the RSET been kept, its "250 2.0.0 Ok" would come first.
            assertThat(c.command("EHLO client.test")).startsWith("250-localhost\r\n")
                    .doesNotContain("STARTTLS").contains("250-AUTH PLAIN LOGIN\r\n");
            assertThat(c.command("NOOP")).isEqualTo("250 2.0.0 Ok\r\n");
        }
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("mailstream_smtp_tls_handshakes_total{result=\"success\""))
                .body(containsString("mailstream_smtp_limit_hits_total{limit=\"pipelining\""));
    }

    @Test
    void healthListsEveryListener() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body(containsString("\"submission-port\": " + server.submissionPort()))
                .body(containsString("\"smtps-port\": " + server.smtpsPort()));
    }

    private static String plain(String login, String password) {
        return Base64.getEncoder().encodeToString(("\0" + login + "\0" + password).getBytes());
    }
}
