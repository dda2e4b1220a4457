package io.mailstream.mailbox.imap.encode;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Gathers complete responses and hands them to {@code sink} in chunks of about {@code flushAt}
 * octets: a FETCH over a whole mailbox is a few socket writes instead of one per message. A
 * response larger than the threshold goes out on its own, uncopied.
 */
public final class ByteChunks {

    private final Consumer<byte[]> sink;
    private final int flushAt;
    private byte[] buf;
    private int count;

    public ByteChunks(Consumer<byte[]> sink, int flushAt) {
        this.sink = sink;
        this.flushAt = flushAt;
        this.buf = new byte[Math.min(flushAt, 4096)];
    }

    public void add(byte[] response) {
        if (response.length >= flushAt) {
            flush();
            sink.accept(response);
            return;
        }
        if (count + response.length > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + response.length));
        }
        System.arraycopy(response, 0, buf, count, response.length);
        count += response.length;
        if (count >= flushAt) {
            flush();
        }
    }

    /** Hands over what is gathered, if anything. */
    public void flush() {
        if (count > 0) {
            sink.accept(Arrays.copyOf(buf, count));
            count = 0;
        }
    }
}
