package io.mailstream.relay.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailstream.relay.dns.MxHost;
import io.mailstream.testkit.FakeSmtpServer;
import io.mailstream.testkit.Mta;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SmtpClientTest {

    private static final String SENDER = "alice@example.test";
    private FakeSmtpServer server;
    private FakeSmtpServer other;
    private SmtpClient client;

    @AfterEach
    void tearDown() throws IOException {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        if (other != null) {
            other.close();
        }
    }

    private SmtpClient client(int port, Set<String> tlsRequired, InetAddress ownAddress, int ownPort) {
        ClientSettings settings = new ClientSettings("relay.example.test", port,
                SmtpTimeouts.all(Duration.ofMillis(1500)), 1000, 20,
                a -> a.getAddress().equals(ownAddress) && a.getPort() == ownPort, tlsRequired);
        client = new SmtpClient(settings);
        return client;
    }

    private SmtpClient client(int port) {
        return client(port, Set.of(), null, -1);
    }

    private static MxHost host(String name, String ip) throws IOException {
        return new MxHost(name, 10, List.of(InetAddress.getByName(ip)), false);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void deliversOverTlsWithPipeliningCanonicalLineEndsAndDotStuffing() throws IOException {
        Mta mta = new Mta();
        mta.rcpt = to -> to.startsWith("nobody") ? "550 5.1.1 no such user" : "250 2.1.5 ok";
        server = new FakeSmtpServer(mta);

        SmtpClient.Attempt a = client(server.port()).deliver("remote.test", List.of(host("mx.remote.test", "127.0.0.1")),
                SENDER, List.of("bob@remote.test", "nobody@remote.test", "carol@remote.test"),
                bytes("Subject: hi\n\n.leading dot\r\n..two\rlast line without end"));

        assertThat(a.tls()).isTrue();
        assertThat(a.replies().get("bob@remote.test").code()).isEqualTo(250);
        assertThat(a.replies().get("carol@remote.test").text()).isEqualTo("2.0.0 queued as 1");
        assertThat(a.replies().get("nobody@remote.test")).satisfies(r -> {
            assertThat(r.code()).isEqualTo(550);
            assertThat(r.enhancedStatus()).isEqualTo("5.1.1");
            assertThat(r.synthetic()).isFalse();
        });
        assertThat(mta.received).singleElement().satisfies(m -> {
            assertThat(m.tls()).isTrue();
            assertThat(m.rcptTo()).containsExactly("bob@remote.test", "carol@remote.test");
            assertThat(new String(m.wire(), StandardCharsets.UTF_8)).isEqualTo(
                    "Subject: hi\r\n\r\n..leading dot\r\n...two\r\nlast line without end\r\n.\r\n");
            assertThat(m.commands()).contains("EHLO relay.example.test", "STARTTLS");
            assertThat(m.mailFrom()).isEqualTo("MAIL FROM:<alice@example.test> SIZE=61");
        });
    }

    @Test
    void eightBitBodyIsAnnouncedWhenTheServerOffers8bitmime() throws IOException {
        Mta mta = new Mta();
        server = new FakeSmtpServer(mta);

        client(server.port()).deliver("remote.test", List.of(host("mx", "127.0.0.1")), SENDER,
                List.of("bob@remote.test"), bytes("Subject: caf\u00e9\r\n\r\n\u00e9t\u00e9\r\n"));

        assertThat(mta.received.get(0).mailFrom()).endsWith(" BODY=8BITMIME");
    }

    @Test
    void dsnParametersArePassedOnOnlyToServersThatOfferDsn() throws IOException {
        Mta mta = new Mta();
        mta.extensions = List.of("PIPELINING", "DSN");
        server = new FakeSmtpServer(mta);
        OutboundEnvelope envelope = new OutboundEnvelope(SENDER, List.of("bob@remote.test", "carol@remote.test"), false,
                "HDRS", "ENV+2B1", Map.of("bob@remote.test",
                        new OutboundEnvelope.RecipientDsn("SUCCESS,FAILURE", "rfc822;bob@remote.test")));

        SmtpClient.Attempt a = client(server.port()).deliver("remote.test", List.of(host("mx", "127.0.0.1")),
                envelope, bytes("x\r\n"));

        assertThat(a.dsnPassedOn()).isTrue();
        assertThat(mta.received.get(0).commands()).contains("MAIL FROM:<alice@example.test> RET=HDRS ENVID=ENV+2B1",
                "RCPT TO:<bob@remote.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;bob@remote.test",
                "RCPT TO:<carol@remote.test>");

        mta.extensions = List.of("PIPELINING");
        mta.received.clear();
        SmtpClient.Attempt b = client.deliver("remote.test", List.of(host("mx", "127.0.0.1")), envelope, bytes("x\r\n"));

        assertThat(b.dsnPassedOn()).isFalse();
        assertThat(mta.received.get(0).commands()).contains("MAIL FROM:<alice@example.test>", "RCPT TO:<bob@remote.test>");
    }

    @Test
    void aRelayHostGetsAuthPlainOnlyOverTls() throws IOException {
        Mta mta = new Mta();
        mta.extensions = List.of("PIPELINING", "STARTTLS", "AUTH LOGIN PLAIN");
        mta.login = "relay\0s3cret";
        server = new FakeSmtpServer(mta);
        List<MxHost> relay = List.of(new MxHost("smarthost", 0, List.of(InetAddress.getLoopbackAddress()), true,
                server.port()));

        SmtpClient.Attempt ok = client(25).deliver("remote.test", relay, OutboundEnvelope.of(SENDER,
                List.of("bob@remote.test")), bytes("x\r\n"), new Credentials("relay", "s3cret"));
        SmtpClient.Attempt wrong = client.deliver("remote.test", relay, OutboundEnvelope.of(SENDER,
                List.of("bob@remote.test")), bytes("x\r\n"), new Credentials("relay", "nope"));
        mta.extensions = List.of("PIPELINING", "AUTH PLAIN");
        SmtpClient.Attempt plaintext = client.deliver("remote.test", relay, OutboundEnvelope.of(SENDER,
                List.of("bob@remote.test")), bytes("x\r\n"), new Credentials("relay", "s3cret"));

        assertThat(ok.replies().get("bob@remote.test").code()).isEqualTo(250);
        assertThat(ok.server()).isEqualTo("smarthost[127.0.0.1]:" + server.port());
        assertThat(wrong.replies().get("bob@remote.test").toString())
                .startsWith("451 4.7.0 authentication as relay").contains("535 5.7.8");
        assertThat(plaintext.replies().get("bob@remote.test").toString()).startsWith("451 4.7.4 TLS is required");
        assertThat(mta.received).hasSize(1);
    }

    @Test
    void aConnectionIsReusedForTheNextMessageAndReplacedWhenTheServerHungUp() throws IOException {
        Mta mta = new Mta();
        server = new FakeSmtpServer(mta);
        // Generous timeouts: a reply slower than the timeout on a loaded machine would open a connection more.
        client = new SmtpClient(new ClientSettings("relay.example.test", server.port(),
                SmtpTimeouts.all(Duration.ofSeconds(20)), 1000, 20, a -> false, Set.of(), Duration.ofSeconds(30), 100));
        List<MxHost> mx = List.of(host("mx", "127.0.0.1"));

        client.deliver("remote.test", mx, SENDER, List.of("bob@remote.test"), bytes("one\r\n"));
        SmtpClient.Attempt second = client.deliver("remote.test", mx, SENDER, List.of("carol@remote.test"),
                bytes("two\r\n"));

        assertThat(second.replies().get("carol@remote.test").code()).isEqualTo(250);
        assertThat(second.tls()).isTrue();
        assertThat(server.connections()).isEqualTo(1);
        // one conversation: a single handshake, then RSET before the second message
        assertThat(mta.received.get(1).commands()).containsSubsequence("STARTTLS", "RCPT TO:<bob@remote.test>",
                "RSET", "RCPT TO:<carol@remote.test>").filteredOn("STARTTLS"::equals).hasSize(1);

        mta.hangUpAfterMessage = true;
        client.deliver("remote.test", mx, SENDER, List.of("dave@remote.test"), bytes("three\r\n"));
        SmtpClient.Attempt fourth = client.deliver("remote.test", mx, SENDER, List.of("erin@remote.test"),
                bytes("four\r\n"));

        assertThat(fourth.replies().get("erin@remote.test").code()).isEqualTo(250);
        assertThat(server.connections()).as(mta.received.toString()).isEqualTo(2);
        assertThat(mta.received).hasSize(4);
    }

    @Test
    void fallsBackToHeloAndSendsCommandsOneByOne() throws IOException {
        Mta mta = new Mta();
        mta.ehlo = false;
        server = new FakeSmtpServer(mta);

        SmtpClient.Attempt a = client(server.port()).deliver("remote.test", List.of(host("mx", "127.0.0.1")), SENDER,
                List.of("bob@remote.test"), bytes("Subject: x\r\n\r\nbody\r\n"));

        assertThat(a.replies().get("bob@remote.test").code()).isEqualTo(250);
        assertThat(a.tls()).isFalse();
        assertThat(mta.received.get(0).helo()).isEqualTo("relay.example.test");
        assertThat(mta.received.get(0).mailFrom()).isEqualTo("MAIL FROM:<alice@example.test>");
    }

    @Test
    void triesTheNextMxWhenAConnectionIsRefusedOrTheGreetingIs4xx() throws IOException {
        Mta good = new Mta();
        server = new FakeSmtpServer(good);
        other = new FakeSmtpServer(c -> c.reply("421 4.3.2 busy, try later"), InetAddress.getByName("127.0.0.2"),
                server.port());

        SmtpClient.Attempt a = client(server.port()).deliver("remote.test", List.of(
                host("down.remote.test", "127.0.0.3"), host("busy.remote.test", "127.0.0.2"),
                host("mx.remote.test", "127.0.0.1")), SENDER, List.of("bob@remote.test"), bytes("x\r\n"));

        assertThat(a.replies().get("bob@remote.test").code()).isEqualTo(250);
        assertThat(a.server()).isEqualTo("mx.remote.test[127.0.0.1]:" + server.port());
        assertThat(other.connections()).isEqualTo(1);
        assertThat(good.received).hasSize(1);
    }

    @Test
    void allHostsFailingGivesTheLastReasonToEveryRecipient() throws IOException {
        server = new FakeSmtpServer(c -> c.reply("421 4.3.2 busy"));

        SmtpClient.Attempt a = client(server.port()).deliver("remote.test", List.of(host("mx", "127.0.0.1")), SENDER,
                List.of("bob@remote.test", "carol@remote.test"), bytes("x\r\n"));

        assertThat(a.replies().values()).allSatisfy(r -> assertThat(r.toString()).isEqualTo("421 4.3.2 busy"));
    }

    @Test
    void messageLargerThanTheAnnouncedSizeIsNotSent() throws IOException {
        Mta mta = new Mta();
        mta.extensions = List.of("SIZE 10");
        server = new FakeSmtpServer(mta);

        SmtpClient.Attempt a = client(server.port()).deliver("remote.test", List.of(host("mx", "127.0.0.1")), SENDER,
                List.of("bob@remote.test"), bytes("Subject: too big\r\n\r\n"));

        assertThat(a.replies().get("bob@remote.test")).satisfies(r -> {
            assertThat(r.code()).isEqualTo(552);
            assertThat(r.enhancedStatus()).isEqualTo("5.3.4");
            assertThat(r.synthetic()).isTrue();
        });
        assertThat(mta.received).isEmpty();
    }

    @Test
    void requiredTlsThatIsNotOfferedDefersWithoutSendingMail() throws IOException {
        Mta mta = new Mta();
        mta.extensions = List.of("PIPELINING");
        server = new FakeSmtpServer(mta);

        SmtpClient.Attempt a = client(server.port(), Set.of("remote.test"), null, -1).deliver("remote.test",
                List.of(host("mx", "127.0.0.1")), SENDER, List.of("bob@remote.test"), bytes("x\r\n"));

        assertThat(a.replies().get("bob@remote.test").toString()).startsWith("451 4.7.4 TLS is required");
        assertThat(mta.received).isEmpty();
    }

    @Test
    void textInjectedAfterReadyToStartTlsIsDiscarded() throws IOException {
        Mta mta = new Mta();
        server = new FakeSmtpServer(c -> {
            c.reply("220 mx ESMTP");
            c.readLine();
            c.reply("250-mx", "250 STARTTLS");
            c.readLine();
            // a man in the middle appends a reply that must not be read as coming from inside TLS
            c.send(bytes("220 Ready to start TLS\r\n250-evil\r\n250 AUTH PLAIN\r\n"));
            c.startTls();
            mta.greeting = null;
            String ehlo = c.readLine();
            assertThat(ehlo).isEqualTo("EHLO relay.example.test");
            c.reply("250 mx");
            while (true) {
                String line = c.readLine();
                if (line == null || line.startsWith("QUIT")) {
                    c.reply("221 bye");
                    return;
                }
                if (line.equals("DATA")) {
                    c.reply("354 go");
                    c.readData();
                    c.reply("250 2.0.0 inside tls");
                } else {
                    c.reply("250 ok");
                }
            }
        });

        SmtpClient.Attempt a = client(server.port()).deliver("remote.test", List.of(host("mx", "127.0.0.1")), SENDER,
                List.of("bob@remote.test"), bytes("x\r\n"));

        assertThat(a.tls()).isTrue();
        assertThat(a.replies().get("bob@remote.test").toString()).isEqualTo("250 2.0.0 inside tls");
    }

    @Test
    void endlessContinuationLinesEndTheSessionAsATemporaryFailure() throws IOException {
        server = new FakeSmtpServer(c -> {
            c.reply("220 mx");
            c.readLine();
            for (int i = 0; i < 100_000; i++) {
                c.reply("250-more");
            }
        });

        SmtpReply r = client(server.port()).deliver("remote.test", List.of(host("mx", "127.0.0.1")), SENDER,
                List.of("bob@remote.test"), bytes("x\r\n")).replies().get("bob@remote.test");

        assertThat(r.code()).isEqualTo(451);
        assertThat(r.text()).startsWith("4.5.0").contains("longer than 20 lines");
    }

    @Test
    void aReplyLineWithoutEndIsCutOffAtTheLimit() throws IOException {
        server = new FakeSmtpServer(c -> c.send(bytes("220 " + "x".repeat(100_000))));

        SmtpReply r = client(server.port()).deliver("remote.test", List.of(host("mx", "127.0.0.1")), SENDER,
                List.of("bob@remote.test"), bytes("x\r\n")).replies().get("bob@remote.test");

        assertThat(r.text()).startsWith("4.5.0").contains("longer than 1000 bytes");
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws IOException {
        server = new FakeSmtpServer(c -> c.readLine());
        long start = System.nanoTime();

        SmtpReply r = client(server.port()).deliver("remote.test", List.of(host("mx", "127.0.0.1")), SENDER,
                List.of("bob@remote.test"), bytes("x\r\n")).replies().get("bob@remote.test");

        assertThat(r.code()).isEqualTo(451);
        assertThat(r.text()).contains("SocketTimeoutException");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void malformedReplyCodeIsAProtocolError() throws IOException {
        server = new FakeSmtpServer(c -> c.reply("2x0 hello"));

        SmtpReply r = client(server.port()).deliver("remote.test", List.of(host("mx", "127.0.0.1")), SENDER,
                List.of("bob@remote.test"), bytes("x\r\n")).replies().get("bob@remote.test");

        assertThat(r.text()).startsWith("4.5.0").contains("malformed reply line");
    }

    @Test
    void endOfDataReplyDecidesEveryAcceptedRecipient() throws IOException {
        Mta mta = new Mta();
        mta.rcpt = to -> to.startsWith("full") ? "452 4.2.2 mailbox full" : "250 ok";
        mta.data = m -> "451 4.3.0 try again";
        server = new FakeSmtpServer(mta);

        Map<String, SmtpReply> replies = client(server.port()).deliver("remote.test",
                List.of(host("mx", "127.0.0.1")), SENDER, List.of("bob@remote.test", "full@remote.test"),
                bytes("x\r\n")).replies();

        assertThat(replies.get("bob@remote.test").toString()).isEqualTo("451 4.3.0 try again");
        assertThat(replies.get("full@remote.test").toString()).isEqualTo("452 4.2.2 mailbox full");
    }

    @Test
    void mxThatIsOneOfOurOwnListenersIsALoop() throws IOException {
        Mta mta = new Mta();
        server = new FakeSmtpServer(mta);

        SmtpReply r = client(server.port(), Set.of(), InetAddress.getByName("127.0.0.1"), server.port())
                .deliver("remote.test", List.of(host("mx", "127.0.0.1")), SENDER, List.of("bob@remote.test"),
                        bytes("x\r\n")).replies().get("bob@remote.test");

        assertThat(r.code()).isEqualTo(554);
        assertThat(r.enhancedStatus()).isEqualTo("5.4.6");
        assertThat(server.connections()).isZero();
    }

    @Test
    void internationalAddressNeedsSmtputf8() throws IOException {
        Mta mta = new Mta();
        mta.extensions = List.of("PIPELINING");
        server = new FakeSmtpServer(mta);

        SmtpReply r = client(server.port()).deliver("remote.test", List.of(host("mx", "127.0.0.1")), SENDER,
                List.of("j\u00f6rg@remote.test"), bytes("x\r\n")).replies().get("j\u00f6rg@remote.test");

        assertThat(r.enhancedStatus()).isEqualTo("5.6.7");
        assertThat(mta.received).isEmpty();
    }
}
