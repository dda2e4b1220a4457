package io.mailstream.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mailstream.testkit.TestTls;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's CLI, {@code ./mailstream}, against the running services ({@link E2eStack}): the
 * directory commands through mailbox-api's admin API, the queue and trace commands through
 * relay-service, each checked by its exit status and output lines. The script is pointed at the
 * stack with MAILSTREAM_ADMIN_URL, MAILSTREAM_ADMIN_TOKEN and MAILSTREAM_RELAY_URL. The steps build
 * on each other (domain → users → aliases → mail), so they run in order, in a domain of their own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(E2eStack.Shared.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliEndToEndTest {

    private static final String DOMAIN = "cli.test";
    private static final String CAROL = "carol@" + DOMAIN;
    private static final String DAVE = "dave@" + DOMAIN;
    private static final String TEAM = "team@" + DOMAIN;
    private static final String CAROL_PASSWORD = "new password";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    /** What one run of the script did. */
    record Run(int exit, String out, String err) {
        List<String> lines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private E2eStack stack;
    private Path script;
    @TempDir
    Path data;

    @BeforeAll
    void useStack(E2eStack stack) {
        this.stack = stack;
        script = Path.of(System.getProperty("mailstream.root", "..")).resolve("mailstream").toAbsolutePath().normalize();
        assertThat(script).isRegularFile();
    }

    @Test
    @Order(1)
    void managesDomainsAndUsers() throws Exception {
        assertSuccess(cli("domain", "add", DOMAIN), "added domain " + DOMAIN);
        assertFailure(cli("domain", "add", DOMAIN), "mailstream: domain cli.test already exists (HTTP 409)");
        assertThat(cli("domain", "list").lines()).contains(DOMAIN);

        // A password with a space, quotes and a backslash: the script's JSON escaping must carry it.
        assertSuccess(cli("user", "add", CAROL, "--password", "pw \"with\" \\ quotes"), "added user " + CAROL);
        // Without --password and without a terminal: one line of standard input.
        assertSuccess(cliWithInput("secret one\n", "user", "add", DAVE), "added user " + DAVE);
        assertFailure(cliWithInput("", "user", "add", "frank@" + DOMAIN), "mailstream: no password given");
        assertFailure(cli("user", "add", "erin@nowhere.test", "--password", "pw"),
                "mailstream: domain nowhere.test is not a local domain (HTTP 400)");
        assertFailure(cli("user", "add", "not an address", "--password", "pw"), "mailstream: invalid address (HTTP 400)");
        assertFailure(cli("user", "add", CAROL, "--password", "pw"),
                "mailstream: user carol@cli.test already exists (HTTP 409)");

        assertSuccess(cli("user", "passwd", CAROL, "--password", CAROL_PASSWORD), "changed the password of " + CAROL);
        assertFailure(cli("user", "passwd", "nobody@" + DOMAIN, "--password", "pw"),
                "mailstream: no user nobody@cli.test (HTTP 404)");

        assertThat(cli("user", "list", DOMAIN).lines()).containsExactly(
                "ADDRESS                                  STATE     STORAGE    MESSAGES",
                "carol@cli.test                           enabled   unlimited  unlimited",
                "dave@cli.test                            enabled   unlimited  unlimited");
    }

    @Test
    @Order(2)
    void setsQuotasAndDisablesUsers() throws Exception {
        assertSuccess(cli("user", "quota", CAROL, "--bytes", "10M", "--messages", "100"),
                "quota of carol@cli.test set: storage 10M (10485760 bytes), messages 100");
        // One limit alone: the other stays.
        assertSuccess(cli("user", "quota", CAROL, "--messages", "0"),
                "quota of carol@cli.test set: storage 10M (10485760 bytes), messages unlimited");
        assertSuccess(cli("user", "quota", CAROL),
                "quota of carol@cli.test: storage 10M (10485760 bytes), messages unlimited");
        assertFailure(cli("user", "quota", CAROL, "--bytes", "10X"),
                "mailstream: --bytes needs a size such as 0 (unlimited), 500000, 512K, 10M or 2G, not '10X'");
        assertFailure(cli("user", "quota", CAROL, "--messages", "-1"), "mailstream: --messages needs a whole number, not '-1'");
        assertFailure(cli("user", "quota", "nobody@" + DOMAIN), "mailstream: no user nobody@cli.test (HTTP 404)");

        assertSuccess(cli("user", "disable", DAVE), "disabled user " + DAVE);
        assertThat(cli("user", "show", DAVE).lines()).containsExactly(
                "address   dave@cli.test",
                "domain    cli.test",
                "state     disabled",
                "storage   unlimited",
                "messages  unlimited");
        assertThat(cli("user", "list", DOMAIN).lines()).containsExactly(
                "ADDRESS                                  STATE     STORAGE    MESSAGES",
                "carol@cli.test                           enabled   10M        unlimited",
                "dave@cli.test                            disabled  unlimited  unlimited");
        assertSuccess(cli("user", "enable", DAVE), "enabled user " + DAVE);
        assertThat(cli("user", "show", DAVE).lines()).contains("state     enabled");
        assertFailure(cli("user", "disable", "nobody@" + DOMAIN), "mailstream: no user nobody@cli.test (HTTP 404)");
    }

    @Test
    @Order(3)
    void managesAliasesAndResolvesAddresses() throws Exception {
        assertSuccess(cli("alias", "add", TEAM, CAROL, "dave@CLI.test", "x@remote.test"),
                "added alias team@cli.test -> carol@cli.test, dave@cli.test, x@remote.test");
        assertFailure(cli("alias", "add", TEAM, CAROL), "mailstream: alias team@cli.test already exists (HTTP 409)");
        assertFailure(cli("alias", "add", "list@nowhere.test", CAROL),
                "mailstream: domain nowhere.test is not a local domain (HTTP 400)");
        assertThat(cli("alias", "list", DOMAIN).lines())
                .containsExactly("team@cli.test -> carol@cli.test, dave@cli.test, x@remote.test");

        assertThat(cli("resolve", TEAM).out()).startsWith("team@cli.test -> ")
                .contains("carol@cli.test", "dave@cli.test", "x@remote.test");
        assertSuccess(cli("resolve", "carol+news@" + DOMAIN), "carol+news@cli.test -> carol@cli.test");
        assertSuccess(cli("resolve", "nobody@" + DOMAIN), "nobody@cli.test -> nobody: mail for it is refused");
        assertFailure(cli("resolve", "not an address"), "mailstream: invalid address (HTTP 400)");

        assertSuccess(cli("alias", "set", TEAM, CAROL), "changed alias team@cli.test -> carol@cli.test");
        assertSuccess(cli("alias", "show", TEAM), "team@cli.test -> carol@cli.test");
        assertSuccess(cli("alias", "delete", TEAM), "deleted alias " + TEAM);
        assertFailure(cli("alias", "delete", TEAM), "mailstream: no alias team@cli.test (HTTP 404)");
        Run none = cli("alias", "list", DOMAIN);
        assertThat(none.exit()).as(none.toString()).isZero();
        assertThat(none.out()).isEmpty();
        assertThat(none.err()).isEqualTo("no aliases\n");
    }

    @Test
    @Order(4)
    void setsAndClearsTheCatchAll() throws Exception {
        assertSuccess(cli("domain", "catch-all", DOMAIN),
                "cli.test has no catch-all: mail for its unknown addresses is refused");
        assertSuccess(cli("domain", "catch-all", DOMAIN, CAROL), "catch-all of cli.test: carol@cli.test");
        assertSuccess(cli("domain", "catch-all", DOMAIN), "catch-all of cli.test: carol@cli.test");
        assertSuccess(cli("resolve", "whoever@" + DOMAIN), "whoever@cli.test -> carol@cli.test");
        assertSuccess(cli("domain", "catch-all", DOMAIN, "--clear"), "removed the catch-all of cli.test");
        assertSuccess(cli("resolve", "whoever@" + DOMAIN), "whoever@cli.test -> nobody: mail for it is refused");
        assertFailure(cli("domain", "catch-all", "unknown.test"), "mailstream: no domain unknown.test (HTTP 404)");
    }

    @Test
    @Order(5)
    void tracesADeliveredMessage() throws Exception {
        String id;
        try (SmtpWire smtp = new SmtpWire(stack.smtpPort)) {
            smtp.command("EHLO client.e2e.test");
            assertThat(smtp.command("MAIL FROM:<sender@remote.test>").code()).isEqualTo(250);
            assertThat(smtp.command("RCPT TO:<" + CAROL + ">").code()).isEqualTo(250);
            id = queueId(smtp.data(("From: sender@remote.test\r\nTo: " + CAROL
                    + "\r\nSubject: where is my mail?\r\n\r\nHere.\r\n").getBytes(StandardCharsets.US_ASCII)));
        }

        // The trace fills as the services publish their events: wait for the delivery.
        Run trace = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> cli("trace", id), r -> r.exit() == 0 && r.out().contains(" DELIVERED "));
        List<String> lines = trace.lines();
        assertThat(lines.get(0)).startsWith("TIME (UTC)").contains("SERVICE", "EVENT", "RECIPIENT", "DETAIL");
        assertThat(lines).anyMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} +smtp-ingress +ACCEPTED .*"));
        assertThat(lines).anyMatch(l -> l.contains(" DELIVERED ") && l.contains(CAROL));
        assertFailure(cli("trace", "NOSUCHMESSAGE"), "mailstream: no events for message NOSUCHMESSAGE (HTTP 404)");

        // Local mail never enters the outbound queue.
        assertFailure(cli("queue", "show", id), "mailstream: no queued delivery for message " + id + " (HTTP 404)");
        Run list = cli("queue", "list", "--state", "all");
        assertThat(list.exit()).as(list.toString()).isZero();
        assertThat(list.out()).doesNotContain(id);
        assertFailure(cli("queue", "list", "--state", "lost"),
                "mailstream: state must be open, active, deferred, done or all (HTTP 400)");
        // The token is accepted (the answer is about the message, not the credential) ...
        assertFailure(cli("queue", "retry", id), "mailstream: no waiting delivery for message " + id + " (HTTP 404)");
        // ... and a wrong one is refused.
        assertThat(cliWith(Map.of("MAILSTREAM_ADMIN_TOKEN", "wrong"), "", "queue", "bounce", id).err())
                .isEqualTo("mailstream: relay-service refused the token in MAILSTREAM_ADMIN_TOKEN (HTTP 401)\n");
    }

    @Test
    @Order(6)
    void showsRetriesBouncesAndDeletesQueuedRemoteMail() throws Exception {
        // The stack's DNS answers nothing, so both are deferred at their first attempt and wait 1 minute.
        String retried = submitAsCarol("x@remote.test");
        String bounced = submitAsCarol("y@remote.test");
        for (String id : List.of(retried, bounced)) {
            Run shown = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> cli("queue", "show", id), r -> r.out().contains("remote.test: DEFERRED after 1 attempt,"));
            assertThat(shown.lines()).startsWith("message   " + id, "sender    <" + CAROL + ">");
            assertThat(shown.lines()).anyMatch(l -> l.matches(" +" + (id.equals(retried) ? "x" : "y")
                    + "@remote.test +DEFERRED +4\\.\\d\\.\\d .*"));
        }
        Run list = cli("queue", "list");
        assertThat(list.exit()).as(list.toString()).isZero();
        assertThat(list.lines().get(0)).startsWith("MESSAGE ID").contains("DOMAIN", "STATE", "NEXT ATTEMPT", "SENDER");
        assertThat(list.lines()).anyMatch(l -> l.startsWith(retried) && l.contains(" remote.test ")
                && l.contains(" DEFERRED ") && l.endsWith("<" + CAROL + ">"));
        assertThat(list.lines()).anyMatch(l -> l.matches(" +x@remote.test +DEFERRED .*"));
        assertThat(list.lines().get(list.lines().size() - 1)).matches("\\d+ entries");

        assertSuccess(cli("queue", "retry", retried), retried + ": 1 queue entry is due now");
        assertSuccess(cli("queue", "bounce", bounced),
                bounced + ": the open recipients of 1 queue entry bounce now, with a notice to the sender");
        // The retry is a second attempt (deferred again); the bounce request ends the other message.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> cli("queue", "show", retried).out(), out -> out.contains("DEFERRED after 2 attempts,"));
        Run trace = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> cli("trace", bounced), r -> r.out().contains(" BOUNCED "));
        assertThat(trace.lines()).anyMatch(l -> l.contains(" BOUNCED ") && l.contains("y@remote.test"));

        assertSuccess(cli("queue", "delete", retried), retried + ": deleted 1 queue entry (no notice to the sender)");
        assertFailure(cli("queue", "retry", retried), "mailstream: no waiting delivery for message " + retried + " (HTTP 404)");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> cli("trace", retried).out(), out -> out.lines().anyMatch(l -> l.contains(" FAILED ")
                        && l.contains("x@remote.test") && l.contains("deleted from the queue by an operator")));
        Run open = cli("queue", "list");
        assertThat(open.out()).doesNotContain(retried).doesNotContain(bounced);
    }

    @Test
    @Order(7)
    void refusesBadUsageAndReportsAnUnreachableService() throws Exception {
        assertFailure(cli("alias", "add", TEAM), "mailstream: usage: ./mailstream alias add ADDRESS TARGET...");
        assertFailure(cli("user", "frobnicate"),
                "mailstream: usage: ./mailstream user add|passwd|delete|show|quota|disable|enable|list ...");
        Run unknown = cli("frobnicate");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown command 'frobnicate'");
        assertThat(cliWith(Map.of("MAILSTREAM_ADMIN_TOKEN", "wrong"), "", "domain", "list").err())
                .isEqualTo("mailstream: the admin API refused the token in MAILSTREAM_ADMIN_TOKEN (HTTP 401)\n");
        Run down = cliWith(Map.of("MAILSTREAM_ADMIN_URL", "http://127.0.0.1:1"), "", "domain", "list");
        assertThat(down.exit()).isEqualTo(1);
        assertThat(down.err()).startsWith("mailstream: cannot reach the admin API at http://127.0.0.1:1");
    }

    /** Submits a message from carol (STARTTLS, AUTH PLAIN with the password set by the CLI); its queue id. */
    private String submitAsCarol(String recipient) throws Exception {
        String credentials = Base64.getEncoder()
                .encodeToString(("\0" + CAROL + "\0" + CAROL_PASSWORD).getBytes(StandardCharsets.UTF_8));
        try (SmtpWire smtp = new SmtpWire(stack.submissionPort)) {
            smtp.command("EHLO client.e2e.test");
            assertThat(smtp.command("STARTTLS").code()).isEqualTo(220);
            smtp.startTls(TestTls.clientContext());
            smtp.command("EHLO client.e2e.test");
            SmtpWire.Reply auth = smtp.command("AUTH PLAIN " + credentials);
            assertThat(auth.code()).as(auth.text()).isEqualTo(235);
            assertThat(smtp.command("MAIL FROM:<" + CAROL + ">").code()).isEqualTo(250);
            assertThat(smtp.command("RCPT TO:<" + recipient + ">").code()).isEqualTo(250);
            return queueId(smtp.data(("From: " + CAROL + "\r\nTo: " + recipient
                    + "\r\nSubject: for the queue\r\n\r\nHello.\r\n").getBytes(StandardCharsets.US_ASCII)));
        }
    }

    private static String queueId(SmtpWire.Reply queued) {
        assertThat(queued.code()).as(queued.text()).isEqualTo(250);
        Matcher m = Pattern.compile("queued as (\\S+)").matcher(queued.text());
        assertThat(m.find()).as(queued.text()).isTrue();
        return m.group(1);
    }

    private static void assertSuccess(Run run, String line) {
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).as(run.toString()).isEqualTo(line + "\n");
        assertThat(run.err()).as(run.toString()).isEmpty();
    }

    private static void assertFailure(Run run, String line) {
        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).as(run.toString()).isEqualTo(line + "\n");
        assertThat(run.out()).as(run.toString()).isEmpty();
    }

    private Run cli(String... args) throws IOException, InterruptedException {
        return cliWith(Map.of(), "", args);
    }

    private Run cliWithInput(String input, String... args) throws IOException, InterruptedException {
        return cliWith(Map.of(), input, args);
    }

    /**
     * Runs {@code ./mailstream args} against the stack, with {@code input} as standard input and
     * {@code overrides} on top of the environment that points it at the stack.
     */
    private Run cliWith(Map<String, String> overrides, String input, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(data, "out", ".txt");
        Path err = Files.createTempFile(data, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(script.getParent().toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("MAILSTREAM_"));
        builder.environment().put("MAILSTREAM_DATA", data.toString());
        builder.environment().put("MAILSTREAM_ADMIN_URL", stack.adminUrl());
        builder.environment().put("MAILSTREAM_ADMIN_TOKEN", E2eStack.TOKEN);
        builder.environment().put("MAILSTREAM_RELAY_URL", stack.relayUrl());
        builder.environment().putAll(overrides);
        Process process = builder.start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
        if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("./mailstream " + String.join(" ", args) + " did not finish in " + COMMAND_TIMEOUT);
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
