package io.mailstream.mailbox.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class DotStuffingTest {

    private static String whole(String raw) {
        return new String(DotStuffing.whole(raw.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    private static String top(String raw, long lines) {
        return new String(DotStuffing.top(raw.getBytes(StandardCharsets.UTF_8), lines), StandardCharsets.UTF_8);
    }

    @Test
    void crlfMessagesPassUnchangedExceptLeadingDots() {
        assertThat(whole("A: b\r\n\r\n.x\r\n.\r\nmid.dle\r\n")).isEqualTo("A: b\r\n\r\n..x\r\n..\r\nmid.dle\r\n");
    }

    @Test
    void bareLfAndMissingFinalNewlineBecomeCrlf() {
        assertThat(whole("A: b\n\n.body\nlast")).isEqualTo("A: b\r\n\r\n..body\r\nlast\r\n");
        assertThat(whole("")).isEmpty();
    }

    @Test
    void lonelyCarriageReturnStaysData() {
        assertThat(whole("A: b\r\n\r\nx\ry\r\n")).isEqualTo("A: b\r\n\r\nx\ry\r\n");
    }

    @Test
    void topCountsBodyLinesOnly() {
        String msg = "A: b\r\nC: d\r\n\r\n1\r\n2\r\n3\r\n";
        assertThat(top(msg, 0)).isEqualTo("A: b\r\nC: d\r\n\r\n");
        assertThat(top(msg, 2)).isEqualTo("A: b\r\nC: d\r\n\r\n1\r\n2\r\n");
        assertThat(top(msg, 10)).isEqualTo(msg);
        assertThat(top("A: b\r\nno body\r\n", 0)).as("no blank line: all header").isEqualTo("A: b\r\nno body\r\n");
    }

    @Test
    void lengthMatchesWhatIsWrittenAndWritingStartsAtTheOffset() {
        for (String raw : new String[] {"", "A: b\r\n\r\n.x\r\n", "A: b\n\n.body\nlast", "x\r", ".\r\n.\r\n"}) {
            byte[] message = raw.getBytes(StandardCharsets.UTF_8);
            byte[] out = new byte[3 + DotStuffing.length(message, DotStuffing.WHOLE) + 2];
            int end = DotStuffing.stuff(message, DotStuffing.WHOLE, out, 3);
            assertThat(end).as(raw).isEqualTo(out.length - 2);
            assertThat(new String(out, 3, end - 3, StandardCharsets.UTF_8)).isEqualTo(whole(raw));
        }
        assertThat(DotStuffing.length("A: b\r\n\r\n1\r\n2\r\n".getBytes(StandardCharsets.UTF_8), 1)).isEqualTo(11);
    }

    @Test
    void aReplyIsStuffedAndTerminatedAsItIsEncoded() {
        byte[] message = "A: b\r\n\r\n.1\r\n2\r\n".getBytes(StandardCharsets.UTF_8);
        assertThat(new String(Pop3Reply.message("17 octets", message).encode(), StandardCharsets.UTF_8))
                .isEqualTo("+OK 17 octets\r\nA: b\r\n\r\n..1\r\n2\r\n.\r\n");
        assertThat(new String(Pop3Reply.top("top", message, 1).encode(), StandardCharsets.UTF_8))
                .isEqualTo("+OK top\r\nA: b\r\n\r\n..1\r\n.\r\n");
        assertThat(new String(Pop3Reply.lines("list", java.util.List.of("1 10", "2 20")).thenClose().encode(),
                StandardCharsets.UTF_8)).isEqualTo("+OK list\r\n1 10\r\n2 20\r\n.\r\n");
    }
}
