package io.mailstream.bench;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class MessagesTest {

    @Test
    void messageHasTheAskedSizeAndOnlyCrlfLineEnds() {
        byte[] m = Messages.build("a@b.test", "c@d.test", "s", 4096);
        String text = new String(m, StandardCharsets.US_ASCII);
        assertThat(m.length).isBetween(4094, 4096);
        assertThat(text).endsWith("\r\n").contains("\r\n\r\n");
        assertThat(text.replace("\r\n", "")).doesNotContain("\n").doesNotContain("\r");
        // No line may start with a dot: the client sends the body without dot-stuffing.
        assertThat(text).doesNotContain("\r\n.");
    }
}
