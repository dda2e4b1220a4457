package io.mailstream.core.dsn;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The small parts of a DSN: xtext, the header section of the original, NOTIFY. */
class DsnPartsTest {

    @Test
    void xtextDecodesHexEscapesOnly() {
        assertThat(Xtext.decode("bob+2Bsuffix@example.test")).isEqualTo("bob+suffix@example.test");
        assertThat(Xtext.decode("a+3Db")).isEqualTo("a=b");
        assertThat(Xtext.decode("plain+")).isEqualTo("plain+");
        assertThat(Xtext.decode("+C3+A9")).isEqualTo("\u00e9");
    }

    @Test
    void theHeaderSectionEndsAtTheFirstEmptyLineWhateverTheLineEnds() {
        assertThat(section("A: 1\r\nB: 2\r\n\r\nbody\r\n")).isEqualTo("A: 1\r\nB: 2\r\n");
        assertThat(section("A: 1\nB: 2\n\nbody\n")).isEqualTo("A: 1\nB: 2\n");
        assertThat(section("\r\nbody")).isEmpty();
        assertThat(section("A: no body at all\r\n")).isEqualTo("A: no body at all\r\n");
    }

    @Test
    void countsReceivedHeadersOnlyInTheHeaderSection() {
        byte[] raw = "Received: a\r\nreceived: b\r\n\tcontinued\r\nSubject: x\r\n\r\nReceived: in body\r\n"
                .getBytes(StandardCharsets.UTF_8);

        assertThat(MessageHeaders.receivedCount(raw)).isEqualTo(2);
    }

    @Test
    void notifyDecidesWhichNoticesTheSenderGets() {
        assertThat(Notify.requested(null, Notify.FAILURE, true)).isTrue();
        assertThat(Notify.requested(" ", Notify.FAILURE, true)).isTrue();
        assertThat(Notify.requested(null, Notify.SUCCESS, false)).isFalse();
        assertThat(Notify.requested("NEVER", Notify.FAILURE, true)).isFalse();
        assertThat(Notify.requested("SUCCESS,DELAY", Notify.FAILURE, true)).isFalse();
        assertThat(Notify.requested("success, delay", Notify.DELAY, true)).isTrue();
        assertThat(Notify.requested("FAILURE", Notify.SUCCESS, false)).isFalse();
    }

    private static String section(String raw) {
        return new String(MessageHeaders.section(raw.getBytes(StandardCharsets.US_ASCII)), StandardCharsets.US_ASCII);
    }
}
