package io.mailstream.smtp;

import java.util.Arrays;

/**
 * Collects the chunks of one BDAT transaction (RFC 3030). Chunks are counted octets, with no
 * dot-stuffing and no end marker; what the client sends is the message. Never holds more than the
 * size limit; past it, octets are only counted. A bare CR or LF marks the message for rejection,
 * as in DATA: this server never passes on line ends a later hop could read differently.
 */
public final class BdatReceiver {

    private final long maxSize;
    private final int maxLine;
    private byte[] buf = new byte[4096];
    private int len;
    private long size;
    private boolean oversized;
    private boolean bareNewline;
    private boolean lineTooLong;
    private boolean afterCr;
    private int lineLength;

    public BdatReceiver(long maxSize, int maxLine) {
        this.maxSize = maxSize;
        this.maxLine = maxLine;
    }

    public void consume(byte[] data) {
        for (byte b : data) {
            if (afterCr && b != '\n') {
                bareNewline = true;
            }
            if (b == '\n' && !afterCr) {
                bareNewline = true;
            }
            afterCr = b == '\r';
            if (b == '\n') {
                lineLength = 0;
            } else if (b != '\r' && ++lineLength > maxLine) {
                lineTooLong = true;
            }
            keep(b);
        }
    }

    private void keep(byte b) {
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

    /**
     * At BDAT LAST: a CR at the very end had no LF after it; a last line without CRLF gets one,
     * so the stored message ends as one received with DATA does.
     */
    public void finish() {
        if (afterCr) {
            bareNewline = true;
        } else if (size > 0 && lineLength > 0) {
            keep((byte) '\r');
            keep((byte) '\n');
        }
    }

    public long size() {
        return size;
    }

    public boolean oversized() {
        return oversized;
    }

    public boolean bareNewline() {
        return bareNewline;
    }

    public boolean lineTooLong() {
        return lineTooLong;
    }

    public byte[] content() {
        if (oversized) {
            throw new IllegalStateException("message exceeded the size limit and was not kept");
        }
        return Arrays.copyOf(buf, len);
    }
}
