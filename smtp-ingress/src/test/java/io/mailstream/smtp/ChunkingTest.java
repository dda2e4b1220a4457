package io.mailstream.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** BDAT / CHUNKING (RFC 3030), in memory. */
class ChunkingTest {

    private final SessionHarness h = new SessionHarness();

    private void transaction() {
        h.open();
        assertThat(h.send("EHLO client.test\r\n")).contains("250-CHUNKING\r\n");
        assertThat(h.send("MAIL FROM:<a@remote.test> BODY=8BITMIME\r\nRCPT TO:<alice@example.test>\r\n"))
                .isEqualTo("250 2.1.0 Sender ok\r\n250 2.1.5 Recipient ok\r\n");
    }

    /** A BDAT command with its chunk. */
    private static String bdat(String chunk, boolean last) {
        return "BDAT " + chunk.getBytes(StandardCharsets.UTF_8).length + (last ? " LAST" : "") + "\r\n" + chunk;
    }

    private String storedBody() {
        assertThat(h.sink.messages).hasSize(1);
        String all = new String(h.sink.messages.get(0).content(), StandardCharsets.UTF_8);
        return all.substring(all.indexOf("+0000\r\n") + 7);
    }

    @Test
    void chunksAreTheMessageOctetForOctet() {
        transaction();
        assertThat(h.send("BDAT 14\r\nSubject: x\r\n\r\n")).isEqualTo("250 2.0.0 Ok: 14 octets received\r\n");
        // No dot-stuffing in BDAT: a leading dot is data, and ".\r\n" ends nothing.
        assertThat(h.send(bdat(".\r\n..hi\r\n", true))).startsWith("250 2.0.0 Ok: queued as ");
        assertThat(storedBody()).isEqualTo("Subject: x\r\n\r\n.\r\n..hi\r\n");
        assertThat(new String(h.sink.messages.get(0).content(), StandardCharsets.UTF_8)).contains(" with ESMTP id ");
    }

    @Test
    void chunkBytesSplitAcrossReadsAndPipelinedChunks() {
        transaction();
        StringBuilder replies = new StringBuilder();
        for (byte b : "BDAT 6\r\nab\r\ncd".getBytes(StandardCharsets.US_ASCII)) {
            replies.append(h.send(new byte[] {b}));
        }
        assertThat(replies.toString()).isEqualTo("250 2.0.0 Ok: 6 octets received\r\n");
        assertThat(h.send("BDAT 2\r\n\r\nBDAT 3 LAST\r\nef\n")).as("bare LF is refused in BDAT too")
                .isEqualTo("250 2.0.0 Ok: 2 octets received\r\n"
                        + "550 5.6.0 Error: bare <LF> or <CR> received; lines must end with <CR><LF>\r\n");
        assertThat(h.sink.messages).isEmpty();
    }

    @Test
    void emptyLastChunkAndAMissingFinalCrlf() {
        transaction();
        assertThat(h.send("BDAT 9\r\nSubject:x")).startsWith("250 2.0.0 Ok: 9 octets");
        assertThat(h.send("BDAT 0 LAST\r\n")).startsWith("250 2.0.0 Ok: queued as ");
        assertThat(storedBody()).isEqualTo("Subject:x\r\n");
    }

    @Test
    void aRefusedChunkIsStillReadAndNeverRunAsCommands() {
        h.open();
        h.send("EHLO client.test\r\n");
        assertThat(h.send(bdat("RSET\r\nMAIL FROM:<x@y.z>", false))).isEqualTo("503 5.5.1 Error: need MAIL command\r\n");
        assertThat(h.session.transaction()).isNull();
        h.send("MAIL FROM:<a@remote.test>\r\n");
        assertThat(h.send("BDAT 4 LAST\r\nQUIT")).isEqualTo("503 5.5.1 Error: need RCPT command\r\n");
        assertThat(h.conn.closed()).isFalse();
    }

    @Test
    void dataAndBdatDoNotMix() {
        transaction();
        h.send("BDAT 3\r\nabc");
        assertThat(h.send("DATA\r\n")).isEqualTo("503 5.5.1 Error: DATA cannot be used after BDAT in the same transaction\r\n");
    }

    @Test
    void sizeLimitAcrossChunksKeepsMemoryBounded() {
        h.settings = h.settings.withMaxMessageSize(1000);
        transaction();
        assertThat(h.send("BDAT 600\r\n" + "x".repeat(600))).startsWith("250 2.0.0 Ok: 600");
        assertThat(h.send("BDAT 600\r\n" + "y".repeat(600)))
                .isEqualTo("552 5.3.4 Error: message size exceeds fixed maximum message size\r\n");
        assertThat(h.send("BDAT 5 LAST\r\nzzzzz")).isEqualTo("503 5.5.1 Error: need MAIL command\r\n");
        assertThat(h.sink.messages).isEmpty();
        assertThat(h.counter("mailstream.smtp.messages.rejected", "reason", "size")).isEqualTo(1);
    }

    @Test
    void aHugeChunkIsCountedNotKept() {
        h.settings = h.settings.withMaxMessageSize(1000);
        transaction();
        byte[] block = new byte[64 * 1024];
        java.util.Arrays.fill(block, (byte) 'x');
        h.send("BDAT 99999999999999999999 LAST\r\n");
        for (int i = 0; i < 50; i++) {
            assertThat(h.send(block)).isEmpty();
        }
        assertThat(h.session.mode()).isEqualTo(InputMode.CHUNK);
        h.session.onClose();
        assertThat(h.sink.messages).isEmpty();
    }

    @Test
    void malformedBdatEndsTheSession() {
        transaction();
        assertThat(h.send("BDAT 12x\r\n")).isEqualTo("501 5.5.4 Syntax: BDAT size [LAST]\r\n");
        assertThat(h.conn.closed()).isTrue();
        h.conn = new MemoryConnection();
        transaction();
        assertThat(h.send("BDAT 1 FIRST\r\n")).startsWith("501 5.5.4 ");
    }
}
