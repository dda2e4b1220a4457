package io.mailstream.core.dsn;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.BodyPart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class BounceMessageTest {

    private static final byte[] ORIGINAL = ("Received: from a by b\r\nSubject: hello\r\nFrom: alice@example.test\r\n"
            + "\r\nsecret body\r\n").getBytes(StandardCharsets.UTF_8);
    private static final Instant ARRIVAL = Instant.parse("2024-05-01T10:00:00Z");
    private static final Instant NOW = Instant.parse("2024-05-01T10:05:00Z");

    private static BounceMessage.Envelope envelope(String envid, boolean full) {
        return new BounceMessage.Envelope("relay.example.test", "Q1", "Q1-Babc", "alice@example.test", envid, ARRIVAL,
                full);
    }

    @Test
    void isAMultipartReportWithDeliveryStatusAndTheOriginalHeadersOnly() throws Exception {
        byte[] dsn = BounceMessage.build(envelope(null, false), NOW, List.of(
                new BounceMessage.Report("bob@remote.test", BounceMessage.Action.FAILED, "5.1.1",
                        "550 5.1.1 no such user", true, "mx.remote.test", NOW, null, null),
                new BounceMessage.Report("x@gone.test", BounceMessage.Action.FAILED, "5.1.2",
                        "domain gone.test does not\r\nexist", false, null, null, null, null)), ORIGINAL);

        MimeMessage m = parse(dsn);
        assertThat(m.getContentType()).startsWith("multipart/report").contains("report-type=delivery-status");
        assertThat(m.getHeader("To")[0]).isEqualTo("<alice@example.test>");
        assertThat(m.getSubject()).isEqualTo("Undelivered Mail Returned to Sender");
        assertThat(m.getHeader("Auto-Submitted")[0]).isEqualTo("auto-replied");
        MimeMultipart parts = (MimeMultipart) m.getContent();
        assertThat(parts.getCount()).isEqualTo(3);
        assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
        assertThat(parts.getBodyPart(1).getContentType()).isEqualTo("message/delivery-status");
        String status = text(parts.getBodyPart(1));
        assertThat(status).doesNotContain("Original-Envelope-Id").contains("Reporting-MTA: dns; relay.example.test\r\n",
                "Final-Recipient: rfc822; bob@remote.test\r\nAction: failed\r\nStatus: 5.1.1\r\n"
                        + "Remote-MTA: dns; mx.remote.test\r\nDiagnostic-Code: smtp; 550 5.1.1 no such user\r\n",
                "Final-Recipient: rfc822; x@gone.test\r\nAction: failed\r\nStatus: 5.1.2\r\n"
                        + "Diagnostic-Code: X-Mailstream; domain gone.test does not exist\r\n");
        assertThat(parts.getBodyPart(2).getContentType()).isEqualTo("text/rfc822-headers");
        assertThat(text(parts.getBodyPart(2))).contains("Subject: hello").doesNotContain("secret body");
    }

    @Test
    void honoursRetFullEnvidAndOrcptAndReportsDelays() throws Exception {
        Instant until = Instant.parse("2024-05-06T10:00:00Z");
        byte[] dsn = BounceMessage.build(envelope("QQ+2Bx", true), NOW, List.of(
                new BounceMessage.Report("bob@remote.test", BounceMessage.Action.DELAYED, "4.2.2",
                        "452 4.2.2 mailbox full", true, "mx.remote.test", NOW, "rfc822;bob+2Bold@remote.test", until)),
                ORIGINAL);

        MimeMessage m = parse(dsn);
        assertThat(m.getSubject()).isEqualTo("Delayed Mail (still being retried)");
        MimeMultipart parts = (MimeMultipart) m.getContent();
        assertThat(text(parts.getBodyPart(1))).contains("Original-Envelope-Id: QQ+x\r\n",
                "Original-Recipient: rfc822; bob+old@remote.test\r\nFinal-Recipient: rfc822; bob@remote.test\r\n"
                        + "Action: delayed\r\nStatus: 4.2.2\r\n",
                "Will-Retry-Until: Mon, 6 May 2024 10:00:00 +0000\r\n");
        assertThat(parts.getBodyPart(2).getContentType()).isEqualTo("message/rfc822");
        MimeMessage original = (MimeMessage) parts.getBodyPart(2).getContent();
        assertThat(original.getSubject()).isEqualTo("hello");
    }

    @Test
    void aDeliveredOnlyReportSaysSoAndNeverCarriesTheBodyUnlessAskedFor() throws Exception {
        byte[] dsn = BounceMessage.build(envelope(null, false), NOW, List.of(
                new BounceMessage.Report("bob@example.test", BounceMessage.Action.DELIVERED, "2.0.0",
                        "delivered to INBOX", false, null, NOW, null, null)), ORIGINAL);

        MimeMessage m = parse(dsn);
        assertThat(m.getSubject()).isEqualTo("Successful Mail Delivery Report");
        MimeMultipart parts = (MimeMultipart) m.getContent();
        assertThat(text(parts.getBodyPart(0))).contains("<bob@example.test>: delivered: delivered to INBOX");
        assertThat(text(parts.getBodyPart(1))).contains("Action: delivered\r\nStatus: 2.0.0\r\n");
        assertThat(text(parts.getBodyPart(2))).doesNotContain("secret body");
    }

    @Test
    void aReturnedMessageLargerThanTheLimitIsCutToItsHeaders() throws Exception {
        byte[] big = new byte[BounceMessage.MAX_FULL + 1];
        java.util.Arrays.fill(big, (byte) 'x');
        byte[] head = "Subject: big\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, big, 0, head.length);

        byte[] dsn = BounceMessage.build(envelope(null, true), NOW, List.of(new BounceMessage.Report(
                "bob@example.test", BounceMessage.Action.FAILED, "5.2.2", "mailbox full", false, null, NOW, null,
                null)), big);

        assertThat(dsn.length).isLessThan(4096);
        MimeMultipart parts = (MimeMultipart) parse(dsn).getContent();
        assertThat(parts.getBodyPart(2).getContentType()).isEqualTo("text/rfc822-headers");
        assertThat(text(parts.getBodyPart(2))).contains("Subject: big");
    }

    private static MimeMessage parse(byte[] raw) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
    }

    private static String text(BodyPart part) throws Exception {
        Object content = part.getContent();
        if (content instanceof String s) {
            return s;
        }
        try (InputStream in = part.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
