package io.mailstream.smtp;

/**
 * Collects the chunks of one BDAT transaction (RFC 3030). Chunks are counted octets, with no
 * dot-stuffing and no end marker; what the client sends is the message. Never holds more than the
 * size limit; past it, octets are only counted. A bare CR or LF marks the message for rejection,
 * as in DATA: this server never passes on line ends a later hop could read differently.
 */
public final class BdatReceiver {

    private final BoundedBuffer text;
    private final int maxLine;
    private boolean bareNewline;
    private boolean lineTooLong;
    private boolean afterCr;
    private int lineLength;

    public BdatReceiver(long maxSize, int maxLine) {
        this.text = new BoundedBuffer(maxSize);
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
        text.add(b);
    }

    /**
     * At BDAT LAST: a CR at the very end had no LF after it; a last line without CRLF gets one,
     * so the stored message ends as one received with DATA does.
     */
    public void finish() {
        if (afterCr) {
            bareNewline = true;
        } else if (text.size() > 0 && lineLength > 0) {
            keep((byte) '\r');
            keep((byte) '\n');
        }
    }

    public long size() {
        return text.size();
    }

    public boolean oversized() {
        return text.oversized();
    }

    public boolean bareNewline() {
        return bareNewline;
    }

    public boolean lineTooLong() {
        return lineTooLong;
    }

    public byte[] content() {
        return text.content();
    }
}
