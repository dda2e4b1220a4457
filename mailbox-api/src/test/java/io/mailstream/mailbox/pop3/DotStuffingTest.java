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
}
