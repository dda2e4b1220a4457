package io.mailstream.mailbox.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailstream.mailbox.imap.encode.BodyStructureEncoder;
import io.mailstream.mailbox.imap.encode.EnvelopeEncoder;
import io.mailstream.mailbox.imap.encode.ResponseWriter;
import io.mailstream.mailbox.imap.message.HeaderSection;
import io.mailstream.mailbox.imap.message.MimeEntity;
import io.mailstream.mailbox.imap.message.StructurePart;
import io.mailstream.mailbox.imap.message.SummaryPart;
import io.mailstream.store.summary.MessageSummarizer;
import io.mailstream.store.summary.MessageSummary;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * ENVELOPE, BODY and BODYSTRUCTURE from the summary stored at delivery (Mime4j) are byte for byte
 * what the parse of the stored bytes gives, for the messages of the IMAP tests and more shapes;
 * where the two readings of hostile MIME could differ, the summary steps aside and IMAP parses.
 */
class SummaryEquivalenceTest {

    private static final Map<String, String> ANSWERED_FROM_SUMMARY = new LinkedHashMap<>();
    private static final Map<String, String> EITHER_WAY = new LinkedHashMap<>();

    static {
        ANSWERED_FROM_SUMMARY.put("session plain", ImapSessionTest.MSG1);
        ANSWERED_FROM_SUMMARY.put("session multipart", ImapSessionTest.MSG2);
        ANSWERED_FROM_SUMMARY.put("server plain", ImapServerTest.PLAIN);
        ANSWERED_FROM_SUMMARY.put("server mixed", ImapServerTest.MIXED);
        ANSWERED_FROM_SUMMARY.put("mailbox binary", ImapMailboxTest.PARTS);
        ANSWERED_FROM_SUMMARY.put("codec nested", "Subject: outer\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n"
                + "--B\r\nContent-Type: message/rfc822\r\n\r\nSubject: inner\r\nFrom: i@x.test\r\n\r\ninner body\r\n"
                + "--B--\r\n");
        ANSWERED_FROM_SUMMARY.put("threads", "Message-ID: <p@x>\r\nReferences: <q@x>\r\nSubject: loop\r\n\r\nx\r\n");
        ANSWERED_FROM_SUMMARY.put("everything", """
                Date: Mon, 7 Feb 1994 21:52:25 -0800 (PST)\r
                From: =?ISO-8859-1?Q?Andr=E9?= Pirard <PIRARD@vm1.ulg.ac.be>, "Doe, J." <j@x.test>\r
                From: second@from.test\r
                Sender: Secretary <sec@x.test>\r
                Reply-To: Team: m@z.test, N <n@z.test>;, <@r1,@r2:o@w.test>\r
                To: undisclosed-recipients:;\r
                Cc: (comment only)\r
                Bcc: bare@host.test (with comment), nohost\r
                In-Reply-To: <parent@x.test>\r
                Message-ID: <everything@x.test>\r
                Subject: =?utf-8?b?w5xiZXI=?= 8-bit Grüße\r
                 \tfolded twice\r
                MIME-Version: 1.0\r
                Content-Type: Multipart/Mixed; Boundary="=_outer (with) space"; X-Extra=yes (comment)\r
                Content-Disposition: inline\r
                Content-Language: en, de\r
                Content-Location: http://x.test/\r
                \r
                This is a preamble.\r
                --=_outer (with) space\r
                Content-Type: multipart/alternative; boundary=alt\r
                \r
                --alt\r
                Content-Type: text/plain; charset="utf-8"; format=flowed\r
                Content-Transfer-Encoding: 8bit\r
                Content-ID: <t1@x.test>\r
                Content-Description: the text\r
                \r
                Grüße\r
                no final line break\r
                --alt\r
                Content-Type: text/html; charset=us-ascii\r
                Content-Transfer-Encoding: Quoted-Printable\r
                \r
                <p>hi=\r
                </p>\r
                --alt--\r
                --=_outer (with) space\r
                Content-Type: message/rfc822; name=fwd.eml\r
                Content-Disposition: attachment; filename="fwd.eml"; size=99\r
                \r
                From: fwd@x.test\r
                Subject: forwarded\r
                Content-Type: multipart/digest; boundary=d\r
                \r
                --d\r
                \r
                Subject: digest one\r
                \r
                one\r
                --d\r
                Content-Type: text/plain\r
                \r
                not a message\r
                --d--\r
                --=_outer (with) space\r
                Content-Type: image/png; name="x.png"\r
                Content-Transfer-Encoding: base64\r
                Content-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==\r
                Content-Disposition: attachment;\r
                 filename*=UTF-8''%C3%BC.png\r
                \r
                iVBORw0KGgo=\r
                --=_outer (with) space--\r
                epilogue\r
                """);
        ANSWERED_FROM_SUMMARY.put("bare line feeds", "From: lf@x.test\nSubject: lf\nContent-Type: multipart/mixed; "
                + "boundary=b\n\n--b\nContent-Type: text/plain\n\none\ntwo\n--b\n\nthree\n--b--\n");
        ANSWERED_FROM_SUMMARY.put("unclosed", "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\n"
                + "Content-Type: text/plain\r\n\r\n" + "never closed\r\n".repeat(50));
        ANSWERED_FROM_SUMMARY.put("multipart without boundary", "Content-Type: multipart/mixed\r\n\r\nbody\r\n");
        ANSWERED_FROM_SUMMARY.put("bad content type", "Content-Type: text\r\nContent-Transfer-Encoding: \r\n\r\nx");
        ANSWERED_FROM_SUMMARY.put("no body", "Subject: only a header\r\n");
        ANSWERED_FROM_SUMMARY.put("empty", "");
        ANSWERED_FROM_SUMMARY.put("non-field lines", "From x@y Mon Jan 1\r\nSubject: after\r\nBad Name: v\r\n\r\nb\r\n");

        StringBuilder deep = new StringBuilder("Subject: deep\r\nContent-Type: multipart/mixed; boundary=b0\r\n\r\n");
        for (int i = 1; i <= 30; i++) {
            deep.append("--b").append(i - 1).append("\r\nContent-Type: multipart/mixed; boundary=b").append(i)
                    .append("\r\n\r\n");
        }
        EITHER_WAY.put("deeper than the bound", deep.append("--b30\r\n\r\nbottom\r\n").toString());
        EITHER_WAY.put("boundary prefix", "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\none\r\n"
                + "--bx\r\n\r\ntwo\r\n--b--\r\n");
        EITHER_WAY.put("no parts", "Content-Type: multipart/mixed; boundary=b\r\n\r\nno delimiter at all\r\n");
        EITHER_WAY.put("two content types", "Content-Type: text/plain\r\nContent-Type: multipart/mixed; boundary=b\r\n"
                + "\r\n--b\r\n\r\nx\r\n--b--\r\n");
        EITHER_WAY.put("space before colon", "Content-Type : multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nx\r\n--b--\r\n");
    }

    private static String bodyStructure(StructurePart root, boolean extensions) {
        ResponseWriter w = new ResponseWriter();
        BodyStructureEncoder.write(w, root, extensions);
        return new String(w.toBytes(), StandardCharsets.UTF_8);
    }

    /** ENVELOPE as FETCH answered it before summaries: from the header section stored with the record. */
    private static String envelopeFromStoredHeader(byte[] raw) {
        ResponseWriter w = new ResponseWriter();
        EnvelopeEncoder.write(w, HeaderSection.parse(io.mailstream.store.HeaderSection.of(raw)));
        return new String(w.toBytes(), StandardCharsets.UTF_8);
    }

    private static String envelope(MessageSummary summary) {
        ResponseWriter w = new ResponseWriter();
        EnvelopeEncoder.write(w, summary.envelope());
        return new String(w.toBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void theSummaryAnswersAsTheParseOfTheBytes() {
        ANSWERED_FROM_SUMMARY.forEach((name, text) -> {
            byte[] raw = text.getBytes(StandardCharsets.UTF_8);
            MessageSummary summary = MessageSummarizer.summarize(raw);
            assertThat(summary).as(name).isNotNull();
            StructurePart stored = SummaryPart.of(summary);
            assertThat(stored).as(name + ": the summary answers").isNotNull();
            MimeEntity parsed = MimeEntity.parse(raw);
            assertThat(envelope(summary)).as(name + " ENVELOPE").isEqualTo(envelopeFromStoredHeader(raw));
            assertThat(bodyStructure(stored, false)).as(name + " BODY").isEqualTo(bodyStructure(parsed, false));
            assertThat(bodyStructure(stored, true)).as(name + " BODYSTRUCTURE").isEqualTo(bodyStructure(parsed, true));
        });
    }

    @Test
    void whereTheReadingsCouldDifferTheSummaryStepsAside() {
        EITHER_WAY.forEach((name, text) -> {
            byte[] raw = text.getBytes(StandardCharsets.UTF_8);
            MessageSummary summary = MessageSummarizer.summarize(raw);
            StructurePart stored = SummaryPart.of(summary);
            MimeEntity parsed = MimeEntity.parse(raw);
            if (stored != null) {
                assertThat(bodyStructure(stored, true)).as(name + " BODYSTRUCTURE")
                        .isEqualTo(bodyStructure(parsed, true));
            }
            if (summary != null) {
                assertThat(envelope(summary)).as(name + " ENVELOPE").isEqualTo(envelopeFromStoredHeader(raw));
            }
        });
        assertThat(SummaryPart.of(MessageSummarizer.summarize(
                EITHER_WAY.get("deeper than the bound").getBytes(StandardCharsets.US_ASCII)))).isNull();
    }
}
