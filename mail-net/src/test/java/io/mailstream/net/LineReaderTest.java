package io.mailstream.net;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LineReaderTest {

    @Test
    void assemblesLinesSplitAcrossFragments() {
        LineReader r = new LineReader(100);
        r.append("EH".getBytes(US_ASCII));
        assertThat(r.readLine()).isNull();
        r.append("LO x\r".getBytes(US_ASCII));
        assertThat(r.readLine()).isNull();
        r.append("\nNOOP\r\nQU".getBytes(US_ASCII));
        assertThat(new String(r.readLine(), US_ASCII)).isEqualTo("EHLO x");
        assertThat(new String(r.readLine(), US_ASCII)).isEqualTo("NOOP");
        assertThat(r.readLine()).isNull();
        assertThat(r.available()).isEqualTo(2);
    }

    @Test
    void rawLineKeepsTheTerminatorSoBareLfIsVisible() {
        LineReader r = new LineReader(100);
        r.append("a\nb\r\n".getBytes(US_ASCII));
        assertThat(r.readRawLine()).isEqualTo("a\n".getBytes(US_ASCII));
        assertThat(r.readRawLine()).isEqualTo("b\r\n".getBytes(US_ASCII));
    }

    @Test
    void overlongLineIsReportedOnceAndSkipped() {
        LineReader r = new LineReader(10);
        r.append("x".repeat(30).getBytes(US_ASCII));
        assertThatThrownBy(r::readLine).isInstanceOf(LineTooLongException.class);
        r.append("yyy\r\nNOOP\r\n".getBytes(US_ASCII));
        assertThat(new String(r.readLine(), US_ASCII)).isEqualTo("NOOP");
    }

    @Test
    void overlongCompleteLineIsRejected() {
        LineReader r = new LineReader(4);
        r.append("123456\r\nok\r\n".getBytes(US_ASCII));
        assertThatThrownBy(r::readLine).isInstanceOf(LineTooLongException.class);
        assertThat(new String(r.readLine(), US_ASCII)).isEqualTo("ok");
    }

    @Test
    void countedBytesForLiterals() {
        LineReader r = new LineReader(100);
        r.append("abc".getBytes(US_ASCII));
        assertThat(r.readBytes(5)).isNull();
        r.append("de\r\nNEXT\r\n".getBytes(US_ASCII));
        assertThat(r.readBytes(5)).isEqualTo("abcde".getBytes(US_ASCII));
        assertThat(r.readLine()).isEmpty();
        assertThat(new String(r.readLine(), US_ASCII)).isEqualTo("NEXT");
    }

    @Test
    void growsForLargeInput() {
        LineReader r = new LineReader(1000);
        for (int i = 0; i < 1000; i++) {
            r.append(("line " + i + "\r\n").getBytes(US_ASCII));
        }
        for (int i = 0; i < 1000; i++) {
            assertThat(new String(r.readLine(), US_ASCII)).isEqualTo("line " + i);
        }
    }
}
