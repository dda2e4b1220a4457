package io.mailstream.smtp;

import java.util.Arrays;

/**
 * The message text of one transaction (DATA or BDAT), held in memory up to the size limit. Past
 * the limit octets are only counted, so that the reply at the end can be 552 however much more the
 * client sends, without the server buffering it.
 */
final class BoundedBuffer {

    private final long maxSize;
    private byte[] buf = new byte[4096];
    private int len;
    private long size;
    private boolean oversized;

    BoundedBuffer(long maxSize) {
        this.maxSize = maxSize;
    }

    void add(byte b) {
        size++;
        if (oversized) {
            return;
        }
        if (size > maxSize) {
            oversized = true;
            buf = null;
            len = 0;
            return;
        }
        if (len == buf.length) {
            buf = Arrays.copyOf(buf, (int) Math.min(maxSize, (long) buf.length * 2));
        }
        buf[len++] = b;
    }

    /** Octets received so far, kept or not. */
    long size() {
        return size;
    }

    /** Octets actually held: never more than the size limit. */
    int buffered() {
        return len;
    }

    boolean oversized() {
        return oversized;
    }

    byte[] content() {
        if (oversized) {
            throw new IllegalStateException("message exceeded the size limit and was not kept");
        }
        return Arrays.copyOf(buf, len);
    }
}
