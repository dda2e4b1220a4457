package io.mailstream.mailbox.imap.encode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ByteChunksTest {

    private final List<byte[]> written = new ArrayList<>();

    @Test
    void responsesGoOutInOrderInChunksOfTheThreshold() {
        ByteChunks chunks = new ByteChunks(written::add, 10);
        chunks.add(bytes("aaaa"));
        chunks.add(bytes("bbbb"));
        assertThat(written).isEmpty();
        chunks.add(bytes("cccc"));
        assertThat(written).hasSize(1);
        chunks.add(bytes("d"));
        chunks.flush();
        chunks.flush();
        assertThat(written).extracting(b -> new String(b, StandardCharsets.US_ASCII))
                .containsExactly("aaaabbbbcccc", "d");
    }

    @Test
    void aResponseOverTheThresholdFollowsWhatWasGatheredUncopied() {
        ByteChunks chunks = new ByteChunks(written::add, 10);
        byte[] large = bytes("0123456789abc");
        chunks.add(bytes("x"));
        chunks.add(large);
        chunks.flush();
        assertThat(written).hasSize(2);
        assertThat(written.get(1)).isSameAs(large);
        assertThat(joined()).isEqualTo("x0123456789abc");
    }

    private String joined() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        written.forEach(all::writeBytes);
        return all.toString(StandardCharsets.US_ASCII);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
