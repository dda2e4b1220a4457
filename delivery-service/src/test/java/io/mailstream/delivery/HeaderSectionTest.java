package io.mailstream.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class HeaderSectionTest {

    private static String header(String raw, int limit) {
        return HeaderSection.of(raw.getBytes(StandardCharsets.UTF_8), limit);
    }

    @Test
    void endsWithTheEmptyLineThatSeparatesTheBody() {
        assertThat(header("Subject: hi\r\nFrom: a@b.test\r\n\r\nbody\r\n\r\nmore\r\n", 1024))
                .isEqualTo("Subject: hi\r\nFrom: a@b.test\r\n\r\n");
    }

    @Test
    void keepsNonAsciiHeaderFields() {
        assertThat(header("Subject: Grüße aus Köln\r\n\r\nx", 1024)).isEqualTo("Subject: Grüße aus Köln\r\n\r\n");
    }

    @Test
    void aMessageWithoutBodyIsAllHeader() {
        assertThat(header("Subject: only\r\n", 1024)).isEqualTo("Subject: only\r\n");
    }

    @Test
    void aMessageWithoutHeaderFieldsHasJustTheEmptyLine() {
        assertThat(header("\r\nbody\r\n\r\nlater\r\n", 1024)).isEqualTo("\r\n");
    }

    @Test
    void anOverlongHeaderIsCutAfterItsLastCompleteLineWithinTheLimit() {
        String raw = "A: 1\r\nB: 2\r\nC: 3333333333\r\n\r\nbody";
        assertThat(header(raw, 16)).isEqualTo("A: 1\r\nB: 2\r\n");
    }

    @Test
    void bareLineFeedsDoNotEndTheHeader() {
        assertThat(header("A: 1\n\nB: 2\r\n\r\nbody", 1024)).isEqualTo("A: 1\n\nB: 2\r\n\r\n");
    }
}
