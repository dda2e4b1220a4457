package io.mailstream.mailbox.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailstream.mailbox.imap.decode.ArgReader;
import io.mailstream.mailbox.imap.decode.DecodeException;
import io.mailstream.mailbox.imap.decode.FetchParser;
import io.mailstream.mailbox.imap.decode.SearchParser;
import io.mailstream.mailbox.imap.encode.BodyStructureEncoder;
import io.mailstream.mailbox.imap.encode.EnvelopeEncoder;
import io.mailstream.mailbox.imap.encode.ResponseWriter;
import io.mailstream.mailbox.imap.message.EncodedWords;
import io.mailstream.mailbox.imap.message.HeaderSection;
import io.mailstream.mailbox.imap.message.MimeEntity;
import io.mailstream.mailbox.imap.process.MailboxPattern;
import io.mailstream.mailbox.imap.request.FetchItem;
import io.mailstream.mailbox.imap.request.FetchRequest;
import io.mailstream.mailbox.imap.request.SearchKey;
import io.mailstream.store.summary.AddressList;
import io.mailstream.store.summary.EnvelopeAddress;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The decode and encode layers and the message parsers, without a session. */
class ImapCodecTest {

    @Test
    void argumentsReadQuotedEscapesAndLiteralsVerbatim() {
        ArgReader r = reader("\"a \\\"b\\\\\" {5}\r\nx\r\ny} tail");
        assertThat(r.astring()).isEqualTo("a \"b\\");
        r.sp();
        assertThat(r.stringBytes()).isEqualTo("x\r\ny}".getBytes(StandardCharsets.US_ASCII));
        r.sp();
        assertThat(r.atom()).isEqualTo("tail");
        r.end();
        assertThatThrownBy(() -> reader("{9}\r\nshort").astring()).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> reader("\"bad\\x\"").astring()).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> reader("99999999999").number()).isInstanceOf(DecodeException.class);
    }

    @Test
    void trailingLiteralMarkers() {
        assertThat(ImapSession.trailingLiteral(bytes("a LOGIN {12}"))).isEqualTo(12);
        assertThat(ImapSession.trailingLiteral(bytes("a LOGIN {0+}"))).isZero();
        assertThat(ImapSession.trailingLiteral(bytes("a LOGIN {}"))).isEqualTo(-1);
        assertThat(ImapSession.trailingLiteral(bytes("a LOGIN \"x}\""))).isEqualTo(-1);
        assertThat(ImapSession.trailingLiteral(bytes("{99999999999}"))).isEqualTo(-1);
    }

    @Test
    void fetchItemsSectionsAndMacros() {
        FetchRequest f = FetchParser.parse("t", false,
                reader(" 1:3,*,5 (uid BODY.PEEK[1.2.HEADER.FIELDS.NOT (X-A \"X-B\")]<10.20> BODY[] RFC822.SIZE)"));
        assertThat(f.set().contains(4, 9)).isFalse();
        assertThat(f.set().contains(9, 9)).isTrue();
        FetchItem.BodySection s = (FetchItem.BodySection) f.items().get(1);
        assertThat(s.peek()).isTrue();
        assertThat(s.part()).containsExactly(1, 2);
        assertThat(s.spec()).isEqualTo("1.2.HEADER.FIELDS.NOT (X-A X-B)");
        assertThat(s.partialStart()).isEqualTo(10);
        assertThat(FetchParser.parse("t", false, reader(" 1 FULL")).items()).hasSize(5);
        assertThatThrownBy(() -> FetchParser.parse("t", false, reader(" 1 BODY[0]")))
                .isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> FetchParser.parse("t", false, reader(" 1 (FLAGS")))
                .isInstanceOf(DecodeException.class);
    }

    @Test
    void searchNestingIsBounded() {
        SearchKey k = SearchParser.parse("t", true, reader(" OR (SEEN FROM x) NOT 1:2")).key();
        assertThat(k).isInstanceOf(SearchKey.Or.class);
        String deep = " " + "NOT ".repeat(40) + "ALL";
        assertThatThrownBy(() -> SearchParser.parse("t", false, reader(deep))).isInstanceOf(DecodeException.class)
                .hasMessageContaining("nested too deeply");
    }

    @Test
    void mailboxPatterns() {
        assertThat(new MailboxPattern("", "*").matches("a/b/c")).isTrue();
        assertThat(new MailboxPattern("", "%").matches("a/b")).isFalse();
        assertThat(new MailboxPattern("a/", "%").matches("a/b")).isTrue();
        assertThat(new MailboxPattern("", "inbox").matches("INBOX")).isTrue();
        assertThat(new MailboxPattern("", "In%").matches("INBOX")).isFalse();
        assertThat(new MailboxPattern("", "*x*y*z").matches("a".repeat(500))).isFalse();
    }

    @Test
    void addressListsWithGroupsRoutesAndComments() {
        List<EnvelopeAddress> list = AddressList.parse(
                "\"Doe, J.\" <j@x.test>, (c) k@y.test, Team: m@z.test, N <n@z.test>;, <@r1,@r2:o@w.test>");
        assertThat(list).containsExactly(
                new EnvelopeAddress("Doe, J.", null, "j", "x.test"),
                new EnvelopeAddress(null, null, "k", "y.test"),
                new EnvelopeAddress(null, null, "Team", null),
                new EnvelopeAddress(null, null, "m", "z.test"),
                new EnvelopeAddress("N", null, "n", "z.test"),
                new EnvelopeAddress(null, null, null, null),
                new EnvelopeAddress(null, "@r1,@r2", "o", "w.test"));
        assertThat(AddressList.parse("undisclosed-recipients:;")).containsExactly(
                new EnvelopeAddress(null, null, "undisclosed-recipients", null), new EnvelopeAddress(null, null, null, null));
        assertThat(AddressList.parse("")).isEmpty();
    }

    @Test
    void envelopeDefaultsSenderAndReplyToAndUsesNilForMissingFields() {
        ResponseWriter w = new ResponseWriter();
        EnvelopeEncoder.write(w, HeaderSection.parse("From: a@b.test\r\nSubject: s\r\n"));
        assertThat(new String(w.toBytes(), StandardCharsets.US_ASCII)).isEqualTo(
                "(NIL \"s\" ((NIL NIL \"a\" \"b.test\")) ((NIL NIL \"a\" \"b.test\")) ((NIL NIL \"a\" \"b.test\")) "
                        + "NIL NIL NIL NIL NIL)");
    }

    @Test
    void nestedMessageStructureAndHeaderSelection() {
        String inner = "Subject: inner\r\nFrom: i@x.test\r\n\r\ninner body\r\n";
        String raw = "Subject: outer\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n"
                + "--B\r\nContent-Type: message/rfc822\r\n\r\n" + inner + "--B--\r\n";
        MimeEntity root = MimeEntity.parse(bytes(raw));
        assertThat(root.children()).hasSize(1);
        MimeEntity message = root.children().get(0).message();
        assertThat(message.header().first("subject")).isEqualTo("inner");
        // The line break before a boundary belongs to the boundary.
        assertThat(new String(message.bodyBytes(), StandardCharsets.US_ASCII)).isEqualTo("inner body");
        ResponseWriter w = new ResponseWriter();
        BodyStructureEncoder.write(w, root, false);
        assertThat(new String(w.toBytes(), StandardCharsets.US_ASCII)).isEqualTo(
                "((\"MESSAGE\" \"RFC822\" NIL NIL NIL \"7BIT\" " + (inner.length() - 2) + " (NIL \"inner\" "
                        + "((NIL NIL \"i\" \"x.test\")) ((NIL NIL \"i\" \"x.test\")) ((NIL NIL \"i\" \"x.test\")) "
                        + "NIL NIL NIL NIL NIL) (\"TEXT\" \"PLAIN\" (\"charset\" \"us-ascii\") NIL NIL \"7BIT\" 10 1) 4)"
                        + " \"MIXED\")");
        assertThat(new String(root.header().select(List.of("SUBJECT"), true), StandardCharsets.US_ASCII))
                .isEqualTo("Subject: outer\r\n\r\n");
    }

    @Test
    void deeplyNestedMultipartsStopAtTheDepthLimit() {
        StringBuilder raw = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            raw.append("Content-Type: multipart/mixed; boundary=b").append(i).append("\r\n\r\n--b").append(i)
                    .append("\r\n");
        }
        MimeEntity root = MimeEntity.parse(bytes(raw.toString()));
        int depth = 0;
        for (MimeEntity e = root; e.isMultipart(); e = e.children().get(0)) {
            depth++;
        }
        assertThat(depth).isBetween(1, 21);
    }

    @Test
    void encodedWordsDecodeForSearch() {
        assertThat(EncodedWords.decode("=?UTF-8?Q?Gr=C3=BC=C3=9Fe?= =?ISO-8859-1?B?5A==?= x")).isEqualTo("Grüßeä x");
        assertThat(EncodedWords.decode("=?nope?Q?a?=")).isEqualTo("=?nope?Q?a?=");
    }

    @Test
    void responseStringsAreQuotedOrLiteral() {
        ResponseWriter w = new ResponseWriter().string("a\"b").string("ü").nstring(null);
        assertThat(new String(w.toBytes(), StandardCharsets.UTF_8)).isEqualTo("\"a\\\"b\" {2}\r\nü NIL");
    }

    private static ArgReader reader(String s) {
        return new ArgReader(bytes(s));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
