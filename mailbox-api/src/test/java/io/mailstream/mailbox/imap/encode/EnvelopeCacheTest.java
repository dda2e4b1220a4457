package io.mailstream.mailbox.imap.encode;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailstream.store.summary.Envelope;
import io.mailstream.store.summary.EnvelopeAddress;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class EnvelopeCacheTest {

    private static Envelope envelope(String subject) {
        EnvelopeAddress dave = new EnvelopeAddress("Dave", null, "dave", "example.test");
        return new Envelope("Mon, 2 Mar 2026 08:30:00 +0000", subject, List.of(dave), List.of(), List.of(),
                List.of(dave), List.of(), List.of(), null, "<m1@example.test>");
    }

    private static byte[] direct(Envelope e) {
        ResponseWriter w = new ResponseWriter();
        EnvelopeEncoder.write(w, e);
        return w.toBytes();
    }

    @Test
    void answersAsTheEncoderDoesAndOncePerMessage() {
        EnvelopeCache cache = new EnvelopeCache(10);
        Envelope hello = envelope("Hello \"you\"");
        byte[] first = cache.encoded("box-1", 7, hello);
        assertThat(first).isEqualTo(direct(hello));
        assertThat(new String(first, StandardCharsets.UTF_8)).contains("\"Hello \\\"you\\\"\"");
        assertThat(cache.encoded("box-1", 7, hello)).isSameAs(first);
        Envelope other = envelope("Grüße");
        assertThat(cache.encoded("box-2", 7, other)).as("another mailbox, same UID").isEqualTo(direct(other));
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void startsOverWhenFull() {
        EnvelopeCache cache = new EnvelopeCache(3);
        for (int uid = 1; uid <= 7; uid++) {
            assertThat(cache.encoded("box", uid, envelope("m" + uid))).isEqualTo(direct(envelope("m" + uid)));
            assertThat(cache.size()).isLessThanOrEqualTo(3);
        }
    }

    @Test
    void anEncodedElementIsSpacedLikeAnyOther() {
        byte[] env = direct(envelope("x"));
        String line = new String(new ResponseWriter().raw("* 1 FETCH").open().raw("UID").number(3).raw("ENVELOPE")
                .encoded(env).close().crlf().toBytes(), StandardCharsets.UTF_8);
        assertThat(line).startsWith("* 1 FETCH (UID 3 ENVELOPE (\"Mon, 2 Mar 2026").endsWith("))\r\n");
    }
}
