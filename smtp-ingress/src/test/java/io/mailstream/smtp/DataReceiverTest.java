package io.mailstream.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class DataReceiverTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void endsAtTheFirstCrlfDotCrlfAndReportsWhereTheNextCommandStarts() {
        DataReceiver d = new DataReceiver(1000, 1000);
        byte[] input = b("a\r\n.\r\nQUIT\r\n");
        assertThat(d.consume(input)).isEqualTo(6);
        assertThat(d.content()).isEqualTo(b("a\r\n"));
        assertThat(d.bareNewline()).isFalse();
    }

    @Test
    void dotAtTheVeryStartEndsAnEmptyMessage() {
        DataReceiver d = new DataReceiver(1000, 1000);
        assertThat(d.consume(b(".\r\n"))).isEqualTo(3);
        assertThat(d.content()).isEmpty();
    }

    @Test
    void lookalikeTerminatorsAreData() {
        for (String fake : new String[] {"x\n.\n", "x\n.\r\n", "x\r\n.\n", "x\r\n.\r.\r\n", "x\r.\r\n"}) {
            DataReceiver d = new DataReceiver(1000, 1000);
            assertThat(d.consume(b(fake))).as(fake).isEqualTo(-1);
            assertThat(d.bareNewline()).as(fake).isTrue();
        }
    }

    @Test
    void keepsNothingBeyondTheSizeLimitButKeepsCounting() {
        DataReceiver d = new DataReceiver(100, 1000);
        for (int i = 0; i < 1000; i++) {
            assertThat(d.consume(b("0123456789\r\n"))).isEqualTo(-1);
            assertThat(d.buffered()).isLessThanOrEqualTo(100);
        }
        assertThat(d.consume(b(".\r\n"))).isEqualTo(3);
        assertThat(d.oversized()).isTrue();
        assertThat(d.size()).isEqualTo(12_000);
    }

    @Test
    void exactlyTheLimitIsFine() {
        DataReceiver d = new DataReceiver(12, 1000);
        d.consume(b("0123456789\r\n.\r\n"));
        assertThat(d.oversized()).isFalse();
        assertThat(d.content()).hasSize(12);
    }

    @Test
    void stuffedDotsLoseOneDot() {
        DataReceiver d = new DataReceiver(1000, 1000);
        d.consume(b("..\r\n...\r\n.a.\r\n.\r\n"));
        assertThat(new String(d.content(), StandardCharsets.ISO_8859_1)).isEqualTo(".\r\n..\r\na.\r\n");
    }
}
