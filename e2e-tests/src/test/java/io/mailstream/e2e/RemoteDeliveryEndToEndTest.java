package io.mailstream.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mailstream.testkit.Mta;
import io.mailstream.testkit.TestTls;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Mail to the outside world, end to end: a user submits over port 587 (STARTTLS, AUTH PLAIN) to
 * three recipients at a remote domain; relay-service finds the domain's MX through the stack's DNS
 * server and delivers to the scripted remote MX, which accepts one recipient (250), defers one
 * (450) and refuses one (550). The accepted copy arrives byte for byte; the deferred recipient
 * waits in the queue with the remote reply; the refused one comes back to the sender's mailbox as
 * a DSN. Then an operator purges what is left for the domain. The steps build on each other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(E2eStack.Shared.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RemoteDeliveryEndToEndTest {

    private static final String DOMAIN = "outbound.test";
    private static final String SAM = "sam@" + DOMAIN;
    private static final String SAM_PASSWORD = "sam's password";
    private static final String REMOTE = "far-away.test";
    private static final String OK = "ok@" + REMOTE;
    private static final String LATER = "later@" + REMOTE;
    private static final String GONE = "gone@" + REMOTE;
    private static final Duration WAIT = Duration.ofSeconds(60);
    /**
     * Dot lines SMTP must stuff on every hop, a lone dot that must not end the message, and 8-bit
     * UTF-8 text (sent with BODY=8BITMIME) that must arrive unchanged.
     */
    private static final byte[] MESSAGE = ("From: " + SAM + "\r\nTo: " + OK + ", " + LATER + ", " + GONE
            + "\r\nSubject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\r\nMessage-ID: <far-1@outbound.test>\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            + ".leading dot\r\n..two dots\r\n.\r\nGrüße aus Köln ☃\r\nlast line\r\n").getBytes(StandardCharsets.UTF_8);

    private E2eStack stack;
    private String id;

    @BeforeAll
    void setUp(E2eStack stack) throws Exception {
        this.stack = stack;
        assertThat(stack.admin("POST", "/api/v1/domains", "{\"name\":\"" + DOMAIN + "\"}", E2eStack.TOKEN)
                .statusCode()).isEqualTo(201);
        assertThat(stack.admin("POST", "/api/v1/users", "{\"address\":\"" + SAM + "\",\"password\":\""
                + SAM_PASSWORD + "\"}", E2eStack.TOKEN).statusCode()).isEqualTo(201);
        stack.dns.mx(REMOTE, 10, "mx." + REMOTE, 300).a("mx." + REMOTE, "127.0.0.1", 300);
        stack.remoteMta.rcpt = to -> switch (to) {
            case OK -> "250 2.1.5 ok";
            case LATER -> "450 4.2.1 mailbox busy, try later";
            case GONE -> "550 5.1.1 no such user here";
            default -> "550 5.1.1 unknown";
        };
    }

    @Test
    @Order(1)
    void theRemoteMxReceivesTheSubmittedMessageByteForByte() throws Exception {
        id = submit();

        Mta.Received got = await().atMost(WAIT).until(() -> stack.remoteMta.received.stream()
                .filter(m -> m.rcptTo().contains(OK)).findFirst().orElse(null), m -> m != null);
        assertThat(got.rcptTo()).containsExactly(OK);
        assertThat(got.mailFrom()).startsWith("MAIL FROM:<" + SAM + ">").contains("BODY=8BITMIME");
        assertThat(got.tls()).as("opportunistic STARTTLS").isTrue();
        // What arrives is what was submitted, after the trace headers the path adds in front.
        byte[] content = got.content();
        assertThat(content.length).isGreaterThan(MESSAGE.length);
        byte[] tail = Arrays.copyOfRange(content, content.length - MESSAGE.length, content.length);
        assertThat(tail).isEqualTo(MESSAGE);
        String added = new String(content, 0, content.length - MESSAGE.length, StandardCharsets.ISO_8859_1);
        assertThat(added).startsWith("Received: ").endsWith("\r\n");
        // On the wire every dot line is stuffed once more and every line ends in CRLF.
        String wire = new String(got.wire(), StandardCharsets.UTF_8);
        assertThat(wire).contains("\r\n..leading dot\r\n...two dots\r\n..\r\nGrüße aus Köln ☃\r\n")
                .endsWith("last line\r\n.\r\n");
        assertThat(wire.replace("\r\n", "")).doesNotContain("\n").doesNotContain("\r");
    }

    @Test
    @Order(2)
    void theDeferredRecipientWaitsInTheQueueWithTheRemoteReply() throws Exception {
        String entry = await().atMost(WAIT).until(() -> stack.relay("GET", "/api/v1/queue/" + id, null).body(),
                body -> body.contains("\"state\":\"DEFERRED\"") && body.contains("\"attempts\":1"));
        assertThat(entry).contains("\"domain\":\"" + REMOTE + "\"")
                // a delivered recipient's reply is the one to the end of data
                .containsPattern(recipient(OK, "DELIVERED", "2.0.0", "250 2.0.0 queued as 1"))
                .containsPattern(recipient(LATER, "DEFERRED", "4.2.1", "450 4.2.1 mailbox busy, try later"))
                .containsPattern(recipient(GONE, "BOUNCED", "5.1.1", "550 5.1.1 no such user here"));
        HttpResponse<String> open = stack.relay("GET", "/api/v1/queue?state=deferred", null);
        assertThat(open.body()).contains(id);

        String trace = await().atMost(WAIT).until(() -> stack.relay("GET", "/api/v1/trace/" + id, null).body(),
                body -> body.contains("\"BOUNCED\""));
        assertThat(trace).contains("\"ACCEPTED\"", "\"ROUTED_REMOTE\"", "\"ATTEMPTED\"", "\"DELIVERED\"",
                "\"DEFERRED\"");

        String metrics = stack.relay("GET", "/q/metrics", null).body();
        assertThat(metrics).contains("mailstream_relay_deferrals_total{domain=\"" + REMOTE + "\"} 1.0");
    }

    @Test
    @Order(3)
    void theRefusedRecipientComesBackToTheSenderAsADeliveryStatusNotification() throws Exception {
        byte[] dsn = await().atMost(WAIT).until(() -> {
            Pop3Wire pop3 = new Pop3Wire(stack.pop3Port, SAM, SAM_PASSWORD);
            try {
                return pop3.count() == 0 ? null : pop3.retr(1);
            } finally {
                pop3.quit();
            }
        }, m -> m != null);
        String text = new String(dsn, StandardCharsets.UTF_8);
        assertThat(text).contains("Content-Type: multipart/report", "report-type=delivery-status",
                "Final-Recipient: rfc822; " + GONE, "Action: failed", "Status: 5.1.1",
                "Diagnostic-Code: smtp; 550 5.1.1 no such user here", "Remote-MTA: dns; mx." + REMOTE,
                "Message-ID: <far-1@outbound.test>");
        // One DSN, for the refused recipient only: the delivered and the deferred ones are not reported.
        assertThat(text).doesNotContain("Final-Recipient: rfc822; " + OK)
                .doesNotContain("Final-Recipient: rfc822; " + LATER);
        assertThat(new String(dsn, 0, 200, StandardCharsets.ISO_8859_1)).startsWith("Return-Path: <>");
    }

    @Test
    @Order(4)
    void anOperatorPurgesTheDomainWithoutNoticeToTheSender() throws Exception {
        assertThat(stack.relay("POST", "/api/v1/queue/purge?domain=" + REMOTE, null).statusCode()).isEqualTo(401);
        // an entry that an attempt holds at this moment is skipped (busy): purge again until it is gone
        HttpResponse<String> purged = await().atMost(WAIT).until(() -> stack.relay("POST",
                "/api/v1/queue/purge?domain=" + REMOTE, E2eStack.TOKEN), r -> !r.body().contains("\"busy\":1"));
        assertThat(purged.statusCode()).as(purged.body()).isEqualTo(200);
        assertThat(purged.body()).contains("\"deleted\":1", "\"bounced\":0");
        assertThat(stack.relay("GET", "/api/v1/queue/" + id, null).statusCode()).isEqualTo(404);
        String trace = await().atMost(WAIT).until(() -> stack.relay("GET", "/api/v1/trace/" + id, null).body(),
                body -> body.contains("\"FAILED\""));
        assertThat(trace).contains("purged from the queue by an operator");
        // No second notice reached the sender: the mailbox still holds the one DSN.
        Pop3Wire pop3 = new Pop3Wire(stack.pop3Port, SAM, SAM_PASSWORD);
        try {
            assertThat(pop3.count()).isEqualTo(1);
        } finally {
            pop3.quit();
        }
    }

    @Test
    @Order(5)
    void theCliPurgesADomainThatDoesNotAnswer() throws Exception {
        // The stack's DNS does not answer for this domain: deferred (4.4.3) at the first attempt.
        String queued = submit("x@silent-far.test");
        await().atMost(WAIT).until(() -> stack.relay("GET", "/api/v1/queue/" + queued, null).body(),
                body -> body.contains("\"state\":\"DEFERRED\""));

        String[] usage = cli("queue", "purge", "--bounce");
        assertThat(usage[0]).isEqualTo("1");
        assertThat(usage[2]).contains("give --domain, --older-than or both");
        String[] bad = cli("queue", "purge", "--older-than", "soon");
        assertThat(bad[2]).isEqualTo("mailstream: older-than must be an age such as 30m, 12h, 5d or 2w, not 'soon'"
                + " (HTTP 400)\n");
        String[] done = await().atMost(WAIT).until(() -> cli("queue", "purge", "--domain", "silent-far.test"),
                r -> !r[1].contains("being attempted"));
        assertThat(done[0]).as(done[2]).isEqualTo("0");
        assertThat(done[1]).isEqualTo("deleted 1 queue entry (no notice to the sender)\n");
        assertThat(stack.relay("GET", "/api/v1/queue/" + queued, null).statusCode()).isEqualTo(404);
    }

    /** Runs {@code ./mailstream args} against the stack: exit status, standard output, standard error. */
    private String[] cli(String... args) throws Exception {
        java.nio.file.Path script = java.nio.file.Path.of(System.getProperty("mailstream.root", ".."))
                .resolve("mailstream").toAbsolutePath().normalize();
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("bash", script.toString()));
        command.addAll(java.util.List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(script.getParent().toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("MAILSTREAM_"));
        builder.environment().put("MAILSTREAM_ADMIN_TOKEN", E2eStack.TOKEN);
        builder.environment().put("MAILSTREAM_RELAY_URL", stack.relayUrl());
        Process p = builder.start();
        p.getOutputStream().close();
        java.util.concurrent.CompletableFuture<byte[]> err = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> {
                    try {
                        return p.getErrorStream().readAllBytes();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        return new String[] {Integer.toString(p.exitValue()), out, new String(err.get(), StandardCharsets.UTF_8)};
    }

    /** A recipient in the queue API's JSON, its fields in the order the API writes them. */
    private static String recipient(String address, String state, String status, String reply) {
        return Pattern.quote("{\"address\":\"" + address + "\",\"state\":\"" + state + "\",\"status\":\"" + status
                + "\",\"reply\":\"" + reply + "\"");
    }

    private String submit() throws Exception {
        return submit(OK, LATER, GONE);
    }

    /** Submits {@link #MESSAGE} as sam over STARTTLS and AUTH PLAIN to {@code recipients}; its queue id. */
    private String submit(String... recipients) throws Exception {
        String credentials = Base64.getEncoder()
                .encodeToString(("\0" + SAM + "\0" + SAM_PASSWORD).getBytes(StandardCharsets.UTF_8));
        try (SmtpWire smtp = new SmtpWire(stack.submissionPort)) {
            smtp.command("EHLO client.e2e.test");
            assertThat(smtp.command("STARTTLS").code()).isEqualTo(220);
            smtp.startTls(TestTls.clientContext());
            assertThat(smtp.command("EHLO client.e2e.test").text()).contains("8BITMIME");
            SmtpWire.Reply auth = smtp.command("AUTH PLAIN " + credentials);
            assertThat(auth.code()).as(auth.text()).isEqualTo(235);
            assertThat(smtp.command("MAIL FROM:<" + SAM + "> BODY=8BITMIME").code()).isEqualTo(250);
            for (String rcpt : recipients) {
                assertThat(smtp.command("RCPT TO:<" + rcpt + ">").code()).isEqualTo(250);
            }
            SmtpWire.Reply queued = smtp.data(MESSAGE);
            assertThat(queued.code()).as(queued.text()).isEqualTo(250);
            Matcher m = Pattern.compile("queued as (\\S+)").matcher(queued.text());
            assertThat(m.find()).as(queued.text()).isTrue();
            return m.group(1);
        }
    }
}
