package io.mailstream.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.mailstream.testkit.TestTls;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Mail submitted by an authenticated user over TLS and read back over TLS, on the stack shared
 * with {@link MailPathEndToEndTest} (its own domain, so neither sees the other's mail). Every
 * client trusts only the test certificate and checks that it names 127.0.0.1. SMTP AUTH here
 * has the production rule: never without TLS, not even from loopback.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(E2eStack.Shared.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SubmissionOverTlsEndToEndTest {

    private static final String DOMAIN = "secure.test";
    private static final String CAROL = "carol@" + DOMAIN;
    private static final String CAROL_PASSWORD = "carol's secret";
    private static final String DAVE = "dave@" + DOMAIN;
    private static final String DAVE_PASSWORD = "dave's secret";

    private E2eStack stack;
    /** Message-ID → Subject of what carol sent, to be found in dave's INBOX. */
    private final Map<String, String> sent = new HashMap<>();

    @BeforeAll
    void createAccounts(E2eStack stack) throws Exception {
        this.stack = stack;
        assertThat(stack.admin("POST", "/api/v1/domains", "{\"name\":\"" + DOMAIN + "\"}", E2eStack.TOKEN)
                .statusCode()).isEqualTo(201);
        for (String[] user : new String[][] {{CAROL, CAROL_PASSWORD}, {DAVE, DAVE_PASSWORD}}) {
            String json = "{\"address\":\"" + user[0] + "\",\"password\":\"" + user[1] + "\"}";
            assertThat(stack.admin("POST", "/api/v1/users", json, E2eStack.TOKEN).statusCode()).isEqualTo(201);
        }
    }

    @Test
    @Order(1)
    void theMxPortRefusesAuthInPlainTextAndOffersItAfterStartTls() throws Exception {
        String credentials = Base64.getEncoder()
                .encodeToString(("\0" + CAROL + "\0" + CAROL_PASSWORD).getBytes(StandardCharsets.UTF_8));
        try (SmtpWire smtp = new SmtpWire(stack.smtpPort)) {
            SmtpWire.Reply plain = smtp.command("EHLO client.e2e.test");
            assertThat(plain.text()).contains("STARTTLS").doesNotContain("AUTH");
            SmtpWire.Reply refused = smtp.command("AUTH PLAIN " + credentials);
            assertThat(refused.code()).as(refused.text()).isEqualTo(538);
            assertThat(refused.text()).contains("5.7.11");

            assertThat(smtp.command("STARTTLS").code()).isEqualTo(220);
            smtp.startTls(TestTls.clientContext());
            SmtpWire.Reply secure = smtp.command("EHLO client.e2e.test");
            assertThat(secure.text()).contains("AUTH PLAIN LOGIN").doesNotContain("STARTTLS");
            SmtpWire.Reply accepted = smtp.command("AUTH PLAIN " + credentials);
            assertThat(accepted.code()).as(accepted.text()).isEqualTo(235);
            assertThat(smtp.command("QUIT").code()).isEqualTo(221);
        }
    }

    @Test
    @Order(2)
    void theSubmissionPortWantsTlsAndAuthBeforeMail() throws Exception {
        try (SmtpWire smtp = new SmtpWire(stack.submissionPort)) {
            assertThat(smtp.command("EHLO client.e2e.test").code()).isEqualTo(250);
            SmtpWire.Reply mail = smtp.command("MAIL FROM:<" + CAROL + ">");
            assertThat(mail.code()).as(mail.text()).isEqualTo(530);
            assertThat(mail.text()).contains("5.7.0");
        }
    }

    @Test
    @Order(3)
    void aUserSubmitsOverStartTlsAndOverImplicitTls() throws Exception {
        Session submission = smtpSession("smtp", stack.submissionPort);
        submission.getProperties().put("mail.smtp.starttls.enable", "true");
        submission.getProperties().put("mail.smtp.starttls.required", "true");
        send(submission, "smtp", message(submission, CAROL, "Über STARTTLS"));

        Session smtps = smtpSession("smtps", stack.smtpsPort);
        send(smtps, "smtps", message(smtps, CAROL, "Over implicit TLS"));
    }

    @Test
    @Order(4)
    void aSenderSpoofingAnotherLocalUserIsRefused() throws Exception {
        Session submission = smtpSession("smtp", stack.submissionPort);
        submission.getProperties().put("mail.smtp.starttls.enable", "true");
        submission.getProperties().put("mail.smtp.starttls.required", "true");
        MimeMessage spoofed = new MimeMessage(submission);
        spoofed.setFrom(new InternetAddress(DAVE));
        spoofed.setRecipient(Message.RecipientType.TO, new InternetAddress(DAVE));
        spoofed.setSubject("I am not dave");
        spoofed.setText("Spoofed.\r\n");

        SMTPSendFailedException refused = catchThrowableOfType(SMTPSendFailedException.class,
                () -> Transport.send(spoofed, CAROL, CAROL_PASSWORD));
        assertThat(refused).as("MAIL FROM another local user's address").isNotNull();
        assertThat(refused.getReturnCode()).isEqualTo(553);
        assertThat(refused.getMessage()).contains("5.7.1");
    }

    @Test
    @Order(5)
    void theRecipientReadsTheMessagesOverImapsAndPop3s() throws Exception {
        Properties props = new Properties();
        props.put("mail.imaps.ssl.socketFactory", TestTls.clientContext().getSocketFactory());
        props.put("mail.imaps.ssl.checkserveridentity", "true");
        props.put("mail.imaps.peek", "true");
        props.put("mail.imaps.connectiontimeout", "5000");
        props.put("mail.imaps.timeout", "15000");
        Session imaps = Session.getInstance(props);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            try (Store store = imaps.getStore("imaps")) {
                store.connect("127.0.0.1", stack.imapsPort, DAVE, DAVE_PASSWORD);
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                Map<String, String> received = new HashMap<>();
                for (Message m : inbox.getMessages()) {
                    received.put(m.getHeader("Message-ID")[0], m.getSubject());
                    // RFC 3848: ESMTPSA = ESMTP under TLS, authenticated; the outermost header is ours.
                    assertThat(m.getHeader("Received")[0]).contains("by " + E2eStack.HOSTNAME).contains("ESMTPSA");
                }
                inbox.close(false);
                assertThat(received).isEqualTo(sent);
            }
        });

        Properties pop3Props = new Properties();
        pop3Props.put("mail.pop3s.ssl.socketFactory", TestTls.clientContext().getSocketFactory());
        pop3Props.put("mail.pop3s.ssl.checkserveridentity", "true");
        pop3Props.put("mail.pop3s.connectiontimeout", "5000");
        pop3Props.put("mail.pop3s.timeout", "15000");
        try (Store store = Session.getInstance(pop3Props).getStore("pop3s")) {
            store.connect("127.0.0.1", stack.pop3sPort, DAVE, DAVE_PASSWORD);
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            assertThat(inbox.getMessageCount()).isEqualTo(sent.size());
            inbox.close(false);
        }
    }

    // ------------------------------------------------------------------------------------------

    /** Angus SMTP ({@code smtp} or {@code smtps}) with AUTH PLAIN, trusting only the test certificate. */
    private static Session smtpSession(String protocol, int port) {
        String prefix = "mail." + protocol + ".";
        Properties props = new Properties();
        props.put(prefix + "host", "127.0.0.1");
        props.put(prefix + "port", Integer.toString(port));
        props.put(prefix + "localhost", "client.e2e.test");
        props.put(prefix + "auth", "true");
        props.put(prefix + "auth.mechanisms", "PLAIN");
        props.put(prefix + "ssl.socketFactory", TestTls.clientContext().getSocketFactory());
        props.put(prefix + "ssl.checkserveridentity", "true");
        props.put(prefix + "connectiontimeout", "5000");
        props.put(prefix + "timeout", "15000");
        return Session.getInstance(props);
    }

    private static MimeMessage message(Session session, String from, String subject) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(from));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(DAVE));
        message.setSubject(subject, "UTF-8");
        message.setText("Sent by " + from + " over TLS.\r\n", "UTF-8");
        return message;
    }

    private void send(Session session, String protocol, MimeMessage message) throws MessagingException {
        message.saveChanges();
        try (Transport transport = session.getTransport(protocol)) {
            transport.connect(CAROL, CAROL_PASSWORD);
            transport.sendMessage(message, message.getAllRecipients());
        }
        sent.put(message.getMessageID(), message.getSubject());
    }
}
