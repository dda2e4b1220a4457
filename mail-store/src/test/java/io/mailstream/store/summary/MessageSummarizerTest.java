package io.mailstream.store.summary;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The summary Mime4j gives of well-formed and of hostile MIME, within its bounds. */
class MessageSummarizerTest {

    private static MessageSummary summarize(String raw) {
        return MessageSummarizer.summarize(raw.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void alternativeWithAnAttachment() {
        MessageSummary s = summarize("""
                From: "Ann Example" <ann@a.example>\r
                To: bob@b.example, (comment) carol@c.example\r
                Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=\r
                  from Ann\r
                Date: Mon, 7 Feb 1994 21:52:25 -0800\r
                Message-ID: <1@a.example>\r
                MIME-Version: 1.0\r
                Content-Type: multipart/mixed; boundary="outer"\r
                \r
                preamble\r
                --outer\r
                Content-Type: multipart/alternative; boundary=inner\r
                \r
                --inner\r
                Content-Type: text/plain; charset=utf-8\r
                Content-Transfer-Encoding: 8bit\r
                \r
                Grüße\r
                two\r
                --inner\r
                Content-Type: text/html\r
                \r
                <p>hi</p>\r
                --inner--\r
                --outer\r
                Content-Type: application/pdf; name="a.pdf"\r
                Content-Disposition: attachment;\r
                 filename="a.pdf"\r
                Content-Transfer-Encoding: base64\r
                \r
                JVBERi0=\r
                --outer--\r
                epilogue\r
                """);
        Envelope e = s.envelope();
        assertThat(e.subject()).isEqualTo("=?utf-8?q?Gr=C3=BC=C3=9Fe?=  from Ann");
        assertThat(e.from()).containsExactly(new EnvelopeAddress("Ann Example", null, "ann", "a.example"));
        assertThat(e.sender()).isEmpty();
        assertThat(e.to()).extracting(EnvelopeAddress::mailbox).containsExactly("bob", "carol");
        assertThat(e.messageId()).isEqualTo("<1@a.example>");
        BodyPart root = s.body();
        assertThat(root.boundary()).isEqualTo("outer");
        assertThat(root.parts()).hasSize(2);
        BodyPart alternative = root.parts().get(0);
        assertThat(alternative.boundary()).isEqualTo("inner");
        BodyPart plain = alternative.parts().get(0);
        assertThat(plain.field("Content-Transfer-Encoding")).isEqualTo("8bit");
        assertThat(plain.size()).isEqualTo("Grüße\r\ntwo".getBytes(StandardCharsets.UTF_8).length);
        assertThat(plain.lines()).isEqualTo(2);
        BodyPart pdf = root.parts().get(1);
        assertThat(pdf.field("content-disposition")).isEqualTo("attachment; filename=\"a.pdf\"");
        assertThat(pdf.size()).isEqualTo(8);
        assertThat(pdf.parts()).isEmpty();
        assertThat(pdf.message()).isNull();
    }

    @Test
    void anEncapsulatedMessageHasItsEnvelopeAndStructure() {
        String inner = "From: inner@i.example\r\nSubject: inside\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n"
                + "--x\r\n\r\none\r\n--x\r\n\r\ntwo\r\n--x--\r\n";
        MessageSummary s = summarize("Subject: outer\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
                + "Content-Type: message/rfc822\r\n\r\n" + inner + "--b--\r\n");
        BodyPart rfc822 = s.body().parts().get(0);
        assertThat(rfc822.size()).isEqualTo(inner.length() - 2); // the last CRLF belongs to the delimiter
        assertThat(rfc822.lines()).isEqualTo(inner.split("\n").length);
        assertThat(rfc822.message().envelope().subject()).isEqualTo("inside");
        assertThat(rfc822.message().body().parts()).extracting(BodyPart::size).containsExactly(3L, 3L);
    }

    @Test
    void aMissingClosingBoundaryEndsTheLastPartAtTheEnd() {
        MessageSummary s = summarize("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nfirst\r\n--b\r\n"
                + "Content-Type: text/plain\r\n\r\nnever closed\r\n");
        assertThat(s.body().parts()).extracting(BodyPart::size).containsExactly(5L, 14L);
    }

    @Test
    void tenThousandNestedMultipartsKeepTheEnvelopeOnlyAndTakeLittleTime() {
        StringBuilder raw = new StringBuilder("Subject: deep\r\nContent-Type: multipart/mixed; boundary=\"b0\"\r\n\r\n");
        for (int i = 1; i <= 10_000; i++) {
            raw.append("--b").append(i - 1).append("\r\nContent-Type: multipart/mixed; boundary=\"b").append(i)
                    .append("\"\r\n\r\n");
        }
        raw.append("--b10000\r\nContent-Type: text/plain\r\n\r\nbottom\r\n");
        long start = System.nanoTime();
        MessageSummary s = summarize(raw.toString());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(s.envelope().subject()).isEqualTo("deep");
        assertThat(s.hasStructure()).isFalse();
    }

    @Test
    void nestedEncapsulatedMessagesStopAtTheDepthBound() {
        String raw = "Subject: bottom\r\n\r\nbody\r\n";
        for (int i = 0; i < 5_000; i++) {
            raw = "Subject: level\r\nContent-Type: message/rfc822\r\n\r\n" + raw;
        }
        MessageSummary s = summarize(raw);
        assertThat(s.hasStructure()).isFalse();
        assertThat(s.envelope().subject()).isEqualTo("level");
    }

    @Test
    void justInsideTheDepthBoundTheStructureIsKept() {
        StringBuilder raw = new StringBuilder();
        for (int i = 0; i < MessageSummarizer.MAX_DEPTH; i++) {
            raw.append("Content-Type: message/rfc822\r\n\r\n");
        }
        raw.append("Subject: bottom\r\n\r\nbody\r\n");
        BodyPart part = summarize(raw.toString()).body();
        for (int i = 0; i < MessageSummarizer.MAX_DEPTH; i++) {
            part = part.message().body();
        }
        assertThat(part.size()).isEqualTo(6);
    }

    @Test
    void aHugeHeaderGivesNoSummaryAndManyPartsOnlyTheEnvelope() {
        assertThat(summarize("Subject: big\r\n" + ("X-Filler: " + "y".repeat(990) + "\r\n").repeat(200) + "\r\nb"))
                .isNull();
        assertThat(summarize("Subject: " + "y".repeat(300_000) + "\r\n\r\nbody")).isNull();
        StringBuilder many = new StringBuilder("Subject: many\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n");
        many.append("--b\r\n\r\nx\r\n".repeat(MessageSummarizer.MAX_PARTS + 1)).append("--b--\r\n");
        MessageSummary s = summarize(many.toString());
        assertThat(s.envelope().subject()).isEqualTo("many");
        assertThat(s.hasStructure()).isFalse();
    }

    @Test
    void garbageAndBareLineFeeds() {
        byte[] garbage = new byte[1 << 20];
        new java.util.Random(7).nextBytes(garbage);
        System.arraycopy("Subject: ".getBytes(StandardCharsets.US_ASCII), 0, garbage, 0, 9);
        MessageSummarizer.summarize(garbage); // whatever it makes of it, it returns
        MessageSummary lf = summarize("Subject: lf\nContent-Type: multipart/mixed; boundary=b\n\n--b\n\nx\ny\n--b--\n");
        assertThat(lf.body().parts()).extracting(BodyPart::size, BodyPart::lines).containsExactly(
                org.assertj.core.groups.Tuple.tuple(3L, 2L));
        assertThat(summarize(" folded first line\r\nSubject: x\r\n\r\n")).isNull();
        assertThat(summarize("").envelope().from()).isEqualTo(List.of());
    }

    @Test
    void aLineStartingWithAnEnclosingBoundaryLeavesTheStructureToImap() {
        assertThat(summarize("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\none\r\n--bx\r\n\r\n"
                + "two\r\n--b--\r\n").hasStructure()).isFalse();
        assertThat(summarize("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\none\r\n-- b\r\n"
                + "--b--\r\n").hasStructure()).isTrue();
    }

    @Test
    void everyEntityKnowsWhereItLiesAndTheOffsetsMovePastAPrefix() {
        String inner = "Subject: inside\r\n\r\nbody\r\n";
        String raw = "Subject: offsets\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\npre\r\n--b\r\n"
                + "Content-Type: text/plain\r\n\r\none\r\n--b\r\nContent-Type: message/rfc822\r\n\r\n" + inner
                + "\r\n--b--\r\n";
        MessageSummary s = summarize(raw);
        BodyPart root = s.body();
        assertThat(root.start()).isZero();
        assertThat(root.bodyStart()).isEqualTo(raw.indexOf("pre"));
        assertThat(root.end()).isEqualTo(raw.length());
        BodyPart text = root.parts().get(0);
        assertThat(raw.substring((int) text.start(), (int) text.end())).isEqualTo("Content-Type: text/plain\r\n\r\none");
        assertThat(raw.substring((int) text.bodyStart(), (int) text.end())).isEqualTo("one");
        BodyPart rfc822 = root.parts().get(1);
        assertThat(raw.substring((int) rfc822.bodyStart(), (int) rfc822.end())).isEqualTo(inner);
        BodyPart encapsulated = rfc822.message().body();
        assertThat(encapsulated.start()).isEqualTo(rfc822.bodyStart());
        assertThat(raw.substring((int) encapsulated.bodyStart(), (int) encapsulated.end())).isEqualTo("body\r\n");

        String prefix = "Return-Path: <a@b.example>\r\nDelivered-To: c@d.example\r\n";
        String stored = prefix + raw;
        MessageSummary moved = s.storedAfter(prefix.length());
        assertThat(moved.body().start()).isZero();
        assertThat(moved.body().end()).isEqualTo(stored.length());
        BodyPart movedText = moved.body().parts().get(0);
        assertThat(stored.substring((int) movedText.bodyStart(), (int) movedText.end())).isEqualTo("one");
        BodyPart movedInner = moved.body().parts().get(1).message().body();
        assertThat(stored.substring((int) movedInner.bodyStart(), (int) movedInner.end())).isEqualTo("body\r\n");
        assertThat(moved.envelope()).isEqualTo(s.envelope());
        assertThat(moved.text()).isEqualTo(s.text());
    }

    @Test
    void theSummaryCarriesTheBoundedSearchText() {
        MessageSummary s = summarize("Subject: t\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nsoft=\r\nbreak\r\n");
        assertThat(s.text()).isEqualTo(new SearchText(List.of(), List.of("softbreak\r\n"), false));
        String big = "Subject: big\r\n\r\n" + "x".repeat(SearchText.MAX_BYTES + 10);
        SearchText cut = summarize(big).text();
        assertThat(cut.truncated()).isTrue();
        assertThat(cut.body()).singleElement().asString().hasSize(SearchText.MAX_BYTES);
    }
}
