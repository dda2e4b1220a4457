package io.mailstream.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailstream.core.dsn.BounceMessage;
import io.mailstream.core.event.LocalDelivery;
import io.mailstream.core.event.MessageAccepted;
import io.mailstream.delivery.MailboxDeliverer.Delivery;
import io.mailstream.delivery.MailboxDeliverer.Result;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Which copies a DSN reports, as NOTIFY asks, and what it says about them. */
class StatusNotifierTest {

    private static final Instant ACCEPTED = Instant.parse("2024-05-01T10:00:00Z");
    private static final Instant NOW = Instant.parse("2024-05-02T10:00:00Z");
    private static final byte[] ORIGINAL = "Subject: hi\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final Delivery FULL = new Delivery(Result.BOUNCED, "bob@example.test", null, 0, 0, "5.2.2",
            "mailbox full: 10 + 20 octets exceed 20");
    private static final Delivery STORED = new Delivery(Result.STORED, "bob@example.test", null, 7, 7, "2.0.0", null);

    private final StatusNotifier notifier = new StatusNotifier(Optional.of("mx.example.test"));

    private static LocalDelivery to(String sender, String notify, String owner) {
        return new LocalDelivery(1, "M1", "b".repeat(64), 10, sender, "Bob@Example.TEST", owner, ACCEPTED, null,
                "ENV+2B1", notify, "rfc822;bob+2Bx@example.test");
    }

    @Test
    void aBounceIsReportedAsFailedUnlessNotifyLeavesFailureOut() {
        List<BounceMessage.Report> reports = notifier.reports(to("alice@far.example", null, "bob@example.test"),
                List.of(FULL), NOW);

        assertThat(reports).singleElement().satisfies(r -> {
            assertThat(r.recipient()).as("as the sender wrote it").isEqualTo("Bob@Example.TEST");
            assertThat(r.action()).isEqualTo(BounceMessage.Action.FAILED);
            assertThat(r.status()).isEqualTo("5.2.2");
            assertThat(r.diagnostic()).isEqualTo("mailbox full: 10 + 20 octets exceed 20");
            assertThat(r.orcpt()).isEqualTo("rfc822;bob+2Bx@example.test");
        });
        assertThat(notifier.reports(to("alice@far.example", "NEVER", "bob@example.test"), List.of(FULL), NOW))
                .isEmpty();
        assertThat(notifier.reports(to("alice@far.example", "SUCCESS,DELAY", "bob@example.test"), List.of(FULL), NOW))
                .isEmpty();
        assertThat(StatusNotifier.whyNone(to("alice@far.example", "NEVER", "bob@example.test")))
                .isEqualTo("no DSN: NOTIFY=NEVER");
        assertThat(StatusNotifier.whyNone(to("alice@far.example", "FAILURE", "bob@example.test"))).isNull();
    }

    @Test
    void theNullSenderGetsNothingEver() {
        assertThat(notifier.reports(to("", "SUCCESS,FAILURE", "bob@example.test"), List.of(FULL, STORED), NOW))
                .isEmpty();
        assertThat(StatusNotifier.whyNone(to("", null, "bob@example.test"))).isEqualTo("no DSN: null sender");
    }

    @Test
    void aStoredCopyIsReportedOnlyWhenNotifyAsksForSuccessAndADeferredOneNever() {
        Delivery deferred = new Delivery(Result.DEFERRED, "bob@example.test", null, 0, 0, "4.2.2", "mailbox full");

        assertThat(notifier.reports(to("a@far.example", null, "bob@example.test"), List.of(STORED, deferred), NOW))
                .isEmpty();
        assertThat(notifier.reports(to("a@far.example", "SUCCESS", "bob@example.test"), List.of(STORED, deferred), NOW))
                .singleElement().satisfies(r -> {
                    assertThat(r.action()).isEqualTo(BounceMessage.Action.DELIVERED);
                    assertThat(r.status()).isEqualTo("2.0.0");
                });
    }

    @Test
    void anAliasTargetIsReportedAsTheFinalRecipientExpandedFromTheAlias() {
        Delivery carol = new Delivery(Result.BOUNCED, "carol@example.test", null, 0, 0, "5.2.2", "mailbox full");

        BounceMessage.Report r = notifier.reports(to("a@far.example", null, "team@example.test"), List.of(carol), NOW)
                .get(0);

        assertThat(r.recipient()).isEqualTo("carol@example.test");
        assertThat(r.diagnostic()).isEqualTo("mailbox full (expanded from <Bob@Example.TEST>)");
    }

    @Test
    void theDsnGoesFromTheNullSenderToTheSenderUnderAnIdThatRepeatsWithTheReport() {
        LocalDelivery d = to("alice@far.example", null, "bob@example.test");
        List<BounceMessage.Report> reports = notifier.reports(d, List.of(FULL), NOW);

        StatusNotifier.Dsn dsn = notifier.build(d, reports, ORIGINAL, NOW);
        MessageAccepted m = notifier.message(d, dsn, "c".repeat(64), NOW);

        assertThat(dsn.messageId()).startsWith("M1-B").isEqualTo(notifier.build(d, reports, ORIGINAL, NOW).messageId());
        assertThat(m.sender()).isEmpty();
        assertThat(m.recipients()).containsExactly("alice@far.example");
        assertThat(m.size()).isEqualTo(dsn.content().length);
        String text = new String(dsn.content(), StandardCharsets.UTF_8);
        assertThat(text).contains("From: Mail Delivery System <MAILER-DAEMON@mx.example.test>\r\n",
                "To: <alice@far.example>\r\n", "Original-Envelope-Id: ENV+1\r\n", "Reporting-MTA: dns; mx.example.test\r\n",
                "Original-Recipient: rfc822; bob+x@example.test\r\nFinal-Recipient: rfc822; Bob@Example.TEST\r\n"
                        + "Action: failed\r\nStatus: 5.2.2\r\n"
                        + "Diagnostic-Code: X-Mailstream; mailbox full: 10 + 20 octets exceed 20\r\n",
                "Content-Type: text/rfc822-headers\r\n\r\nSubject: hi\r\n").doesNotContain("body");
    }
}
