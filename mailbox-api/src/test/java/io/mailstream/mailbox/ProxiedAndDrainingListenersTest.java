package io.mailstream.mailbox;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailstream.mailbox.imap.ImapServer;
import io.mailstream.mailbox.pop3.Mail;
import io.mailstream.mailbox.pop3.Pop3Server;
import io.mailstream.store.BlobStore;
import io.mailstream.store.Directory;
import io.mailstream.store.Mailbox;
import io.mailstream.store.MailboxStore;
import io.mailstream.store.MessageStore;
import io.mailstream.testkit.MailstreamTestResources;
import io.mailstream.testkit.ProxyHeaders;
import io.mailstream.testkit.TestTls;
import io.mailstream.testkit.TlsTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import jakarta.inject.Inject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * IMAP and POP3 behind a load balancer speaking PROXY protocol (plain and implicit-TLS ports), and
 * their drain at shutdown, over real TCP against the running service. Plain-text logins are allowed
 * from loopback only, so whether LOGIN is refused shows which client address the session took.
 * The drain test ends the listeners, so it runs last; this profile has its own application.
 */
@QuarkusTest
@TestProfile(ProxiedAndDrainingListenersTest.BehindProxy.class)
@QuarkusTestResource(MailstreamTestResources.class)
@QuarkusTestResource(TlsTestResources.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProxiedAndDrainingListenersTest {

    public static class BehindProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mailstream.imap.proxy-protocol", "true", "mailstream.pop3.proxy-protocol", "true",
                    "mailstream.imap.proxy-protocol-trusted-networks", "127.0.0.0/8,::1",
                    "mailstream.imap.allow-plaintext-loopback", "true",
                    "mailstream.pop3.allow-plaintext-loopback", "true");
        }
    }

    private static final String DOMAIN = "proxy.test";
    private static final String PASSWORD = "proxy secret";
    private static final String BYE = "* BYE Server shutting down";

    @Inject
    ImapServer imap;
    @Inject
    Pop3Server pop3;
    @Inject
    Directory directory;
    @Inject
    BlobStore blobs;
    @Inject
    MailboxStore mailboxes;
    @Inject
    MessageStore messages;

    private String user;

    @BeforeEach
    void freshUser() {
        directory.addDomain(DOMAIN);
        user = "u" + System.nanoTime() + "@" + DOMAIN;
        directory.addUser(user, PASSWORD);
        Mail.deliver(blobs, mailboxes, messages, user, Mail.message("hello", "body"));
    }

    /** A client behind the proxy: the header, then (for implicit TLS) the handshake. */
    private static final class Client implements AutoCloseable {
        private final Socket socket;
        private final BufferedReader in;

        Client(int port, byte[] header, boolean tls) throws Exception {
            Socket plain = new Socket("127.0.0.1", port);
            plain.getOutputStream().write(header);
            socket = tls ? TestTls.clientContext().getSocketFactory().createSocket(plain, "localhost", port, true) : plain;
            socket.setSoTimeout(10_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), US_ASCII));
        }

        String line() throws IOException {
            return in.readLine();
        }

        /**
         * The server closed without a word. Closing a connection whose PROXY header it has not read
         * makes the kernel send a reset instead of a FIN; which one the client sees is a race.
         */
        boolean closedWithoutGreeting() throws IOException {
            try {
                return in.readLine() == null;
            } catch (SocketException e) {
                return e.getMessage() != null && e.getMessage().contains("Connection reset");
            }
        }

        void send(String line) throws IOException {
            socket.getOutputStream().write((line + "\r\n").getBytes(US_ASCII));
        }

        /** Sends a command and returns its tagged (IMAP) or status (POP3) line, skipping untagged ones. */
        String command(String line, String replyPrefix) throws IOException {
            send(line);
            return until(replyPrefix);
        }

        String until(String prefix) throws IOException {
            String l;
            while ((l = in.readLine()) != null && !l.startsWith(prefix)) {
                // untagged data
            }
            return l;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static byte[] v1(String client, int port) {
        return ProxyHeaders.v1("PROXY TCP4 " + client + " 127.0.0.1 40000 " + port);
    }

    @Test
    @Order(1)
    void imapTakesTheClientAddressFromTheHeader() throws Exception {
        try (Client c = new Client(imap.port(), v1("192.0.2.7", 143), false)) {
            assertThat(c.line()).startsWith("* OK ");
            assertThat(c.command("a1 LOGIN " + user + " \"" + PASSWORD + "\"", "a1 ")).startsWith("a1 NO [PRIVACYREQUIRED]");
        }
        try (Client c = new Client(imap.port(), ProxyHeaders.v2("127.0.0.1", 40000, "127.0.0.1", 143, 8), false)) {
            assertThat(c.line()).startsWith("* OK ");
            assertThat(c.command("a1 LOGIN " + user + " \"" + PASSWORD + "\"", "a1 ")).startsWith("a1 OK");
        }
    }

    @Test
    @Order(2)
    void pop3TakesTheClientAddressFromTheHeader() throws Exception {
        try (Client c = new Client(pop3.port(), v1("192.0.2.7", 110), false)) {
            assertThat(c.line()).startsWith("+OK ");
            c.send("USER " + user);
            assertThat(c.line()).startsWith("-ERR [AUTH] plaintext authentication disallowed");
        }
        try (Client c = new Client(pop3.port(), v1("127.0.0.1", 110), false)) {
            assertThat(c.line()).startsWith("+OK ");
            assertThat(c.command("USER " + user, "")).startsWith("+OK");
            assertThat(c.command("PASS " + PASSWORD, "")).startsWith("+OK");
        }
    }

    @Test
    @Order(3)
    void implicitTlsPortsReadTheHeaderBeforeTheHandshake() throws Exception {
        try (Client c = new Client(imap.imapsPort(), ProxyHeaders.v2("203.0.113.9", 40000, "127.0.0.1", 993, 0), true)) {
            assertThat(c.line()).startsWith("* OK ");
            assertThat(c.command("a1 LOGIN " + user + " \"" + PASSWORD + "\"", "a1 ")).startsWith("a1 OK");
        }
        try (Client c = new Client(pop3.securePort(), v1("203.0.113.9", 995), true)) {
            assertThat(c.line()).startsWith("+OK ");
            assertThat(c.command("USER " + user, "")).startsWith("+OK");
            assertThat(c.command("PASS " + PASSWORD, "")).startsWith("+OK");
        }
        try (Client c = new Client(imap.imapsPort(), "not a header\r\n".getBytes(US_ASCII), false)) {
            assertThat(c.line()).as("no valid header: closed without a greeting").isNull();
        }
    }

    @Test
    @Order(4)
    void drainEndsEverySessionAsItsProtocolAllows() throws Exception {
        byte[] loopback = v1("127.0.0.1", 143);
        try (Client waiting = new Client(imap.port(), loopback, false);
                Client idler = new Client(imap.port(), loopback, false);
                Client midCommand = new Client(imap.port(), loopback, false);
                Client pop3Transaction = new Client(pop3.port(), loopback, false);
                Client pop3Authorization = new Client(pop3.port(), loopback, false)) {
            assertThat(waiting.line()).startsWith("* OK ");
            assertThat(idler.line()).startsWith("* OK ");
            assertThat(idler.command("a1 LOGIN " + user + " \"" + PASSWORD + "\"", "a1 ")).startsWith("a1 OK");
            assertThat(idler.command("a2 SELECT INBOX", "a2 ")).startsWith("a2 OK");
            idler.send("a3 IDLE");
            assertThat(idler.line()).startsWith("+ ");
            assertThat(midCommand.line()).startsWith("* OK ");
            assertThat(midCommand.command("b1 LOGIN " + user + " \"" + PASSWORD + "\"", "b1 ")).startsWith("b1 OK");
            midCommand.send("b2 SELECT {5}");
            assertThat(midCommand.line()).startsWith("+ ");
            assertThat(pop3Transaction.line()).startsWith("+OK");
            assertThat(pop3Transaction.command("USER " + user, "")).startsWith("+OK");
            assertThat(pop3Transaction.command("PASS " + PASSWORD, "")).startsWith("+OK");
            assertThat(pop3Transaction.command("DELE 1", "")).startsWith("+OK");
            assertThat(pop3Authorization.line()).startsWith("+OK");

            CompletableFuture<Void> drained = CompletableFuture.allOf(imap.drain(Duration.ofSeconds(20)),
                    pop3.drain(Duration.ofSeconds(20)));

            assertThat(waiting.line()).isEqualTo(BYE);
            assertThat(waiting.line()).isNull();
            assertThat(idler.line()).as("IDLE ends at once").isEqualTo(BYE);
            assertThat(idler.line()).isNull();
            assertThat(pop3Authorization.line()).startsWith("-ERR [SYS/TEMP] server shutting down");
            assertThat(pop3Authorization.line()).isNull();
            try (Client late = new Client(imap.port(), loopback, false)) {
                assertThat(late.closedWithoutGreeting()).as("no new session once draining").isTrue();
            }

            midCommand.send("INBOX");
            assertThat(midCommand.until("b2 ")).as("the command in progress is answered").startsWith("b2 OK");
            assertThat(midCommand.line()).isEqualTo(BYE);
            assertThat(midCommand.line()).isNull();

            assertThat(pop3Transaction.command("QUIT", ""))
                    .isEqualTo("-ERR [SYS/TEMP] server shutting down; no messages deleted");
            assertThat(pop3Transaction.line()).isNull();

            drained.get(10, TimeUnit.SECONDS);
        }
        Mailbox inbox = mailboxes.find(user, Mailbox.INBOX).orElseThrow();
        assertThat(messages.list(inbox.id())).as("DELE without QUIT deletes nothing").hasSize(1);
        assertThat(imap.isListening()).isFalse();
        assertThat(pop3.isListening()).isFalse();
    }
}
