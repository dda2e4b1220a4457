package io.mailstream.smtp;

/**
 * Receives the message text after 354, byte by byte: removes dot-stuffing, finds the end of data
 * and records what makes the message unacceptable, without ever holding more than the size limit.
 *
 * <p>Only CRLF "." CRLF ends the data (the DATA command's own CRLF counts as the first CRLF).
 * LF "." CRLF, CRLF "." LF and similar are data, so this server never disagrees with a strict
 * sender about where a message ends (SMTP smuggling, CVE-2023-51764). Any bare LF or bare CR
 * marks the message for rejection: it is never passed on.
 */
public final class DataReceiver {

    private enum State {
        /** At the start of a line. */
        LINE_START,
        /** Inside a line. */
        IN_LINE,
        /** Saw CR; waiting to see whether LF follows. */
        CR,
        /** The line so far is the single "." after a CRLF (the dot itself is dropped). */
        DOT,
        /** The line so far is ".CR" after a CRLF. */
        DOT_CR
    }

    private final BoundedBuffer text;
    private final int maxLine;
    private State state = State.LINE_START;
    private boolean afterCrlf = true;
    private int lineLength;
    private boolean bareNewline;
    private boolean lineTooLong;

    public DataReceiver(long maxSize, int maxLine) {
        this.text = new BoundedBuffer(maxSize);
        this.maxLine = maxLine;
    }

    /**
     * Consumes bytes up to and including the end-of-data line. Returns how many bytes of
     * {@code data} belonged to the message (the rest are the next commands), or -1 if all of them
     * did and the end has not come yet.
     */
    public int consume(byte[] data) {
        for (int i = 0; i < data.length; i++) {
            byte b = data[i];
            switch (state) {
                case LINE_START -> {
                    if (b == '.') {
                        // RFC 5321 §4.5.2: a leading dot is removed; the end marker is a line of one dot.
                        lineLength = 1;
                        state = afterCrlf ? State.DOT : State.IN_LINE;
                    } else {
                        inLine(b);
                    }
                }
                case IN_LINE -> inLine(b);
                case CR -> {
                    if (b == '\n') {
                        emit((byte) '\r');
                        emit((byte) '\n');
                        endLine(true);
                    } else {
                        bareNewline = true;
                        emit((byte) '\r');
                        inLine(b);
                    }
                }
                case DOT -> {
                    if (b == '\r') {
                        state = State.DOT_CR;
                    } else {
                        inLine(b);
                    }
                }
                case DOT_CR -> {
                    if (b == '\n') {
                        return i + 1;
                    }
                    bareNewline = true;
                    emit((byte) '\r');
                    inLine(b);
                }
                default -> throw new IllegalStateException();
            }
        }
        return -1;
    }

    private void inLine(byte b) {
        if (b == '\r') {
            state = State.CR;
        } else if (b == '\n') {
            bareNewline = true;
            emit(b);
            endLine(false);
        } else {
            emit(b);
            state = State.IN_LINE;
            if (++lineLength > maxLine) {
                lineTooLong = true;
            }
        }
    }

    private void endLine(boolean crlf) {
        afterCrlf = crlf;
        lineLength = 0;
        state = State.LINE_START;
    }

    private void emit(byte b) {
        text.add(b);
    }

    /** Octets of message text received so far (after unstuffing), kept or not. */
    public long size() {
        return text.size();
    }

    /** Octets actually held in memory: never more than the size limit. */
    public int buffered() {
        return text.buffered();
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

    /** The unstuffed message, ending with the CRLF before the final dot. */
    public byte[] content() {
        return text.content();
    }
}
