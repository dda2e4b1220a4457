package io.mailstream.net;

import java.io.ByteArrayOutputStream;

/**
 * Accumulates bytes as they arrive and hands out complete lines or counted byte runs (IMAP
 * literals, BDAT chunks), never holding more than {@code maxLine} octets of an unfinished line.
 * A line ends at LF; the CR before it, if any, is part of what {@link #readRawLine()} returns,
 * so callers that must tell CRLF from bare LF (SMTP DATA) can.
 */
public final class LineReader {

    private final int maxLine;
    private byte[] buf = new byte[256];
    private int start;
    private int end;
    private boolean discarding;

    public LineReader(int maxLine) {
        this.maxLine = maxLine;
    }

    public void append(byte[] data) {
        ensureRoom(data.length);
        System.arraycopy(data, 0, buf, end, data.length);
        end += data.length;
    }

    public int available() {
        return end - start;
    }

    /**
     * The next line including its terminator (LF, or CRLF), or null if no complete line is
     * buffered. Throws {@link LineTooLongException} once per over-long line, then skips the rest
     * of that line.
     */
    public byte[] readRawLine() {
        while (true) {
            int lf = indexOfLf();
            if (discarding) {
                if (lf < 0) {
                    start = end;
                    return null;
                }
                start = lf + 1;
                discarding = false;
                continue;
            }
            if (lf < 0) {
                if (end - start > maxLine) {
                    discarding = true;
                    start = end;
                    throw new LineTooLongException(maxLine);
                }
                return null;
            }
            int len = lf + 1 - start;
            if (len > maxLine + 2) {
                start = lf + 1;
                throw new LineTooLongException(maxLine);
            }
            byte[] line = new byte[len];
            System.arraycopy(buf, start, line, 0, len);
            start = lf + 1;
            return line;
        }
    }

    /** The next line without its CRLF or LF, or null if none is complete. */
    public byte[] readLine() {
        byte[] raw = readRawLine();
        if (raw == null) {
            return null;
        }
        int len = raw.length - 1;
        if (len > 0 && raw[len - 1] == '\r') {
            len--;
        }
        byte[] line = new byte[len];
        System.arraycopy(raw, 0, line, 0, len);
        return line;
    }

    /** Exactly {@code n} bytes, or null until that many are buffered. */
    public byte[] readBytes(int n) {
        if (end - start < n) {
            return null;
        }
        byte[] out = new byte[n];
        System.arraycopy(buf, start, out, 0, n);
        start += n;
        return out;
    }

    /** Up to {@code n} buffered bytes (possibly none), for streaming large literals. */
    public byte[] readUpTo(int n) {
        int len = Math.min(n, end - start);
        byte[] out = new byte[len];
        System.arraycopy(buf, start, out, 0, len);
        start += len;
        return out;
    }

    /** Drops everything buffered (e.g. bytes pipelined after STARTTLS). */
    public void clear() {
        start = end = 0;
        discarding = false;
    }

    private int indexOfLf() {
        for (int i = start; i < end; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void ensureRoom(int extra) {
        if (end + extra <= buf.length) {
            return;
        }
        int live = end - start;
        if (live + extra <= buf.length && start > 0) {
            System.arraycopy(buf, start, buf, 0, live);
        } else {
            byte[] bigger = new byte[Math.max(buf.length * 2, live + extra)];
            System.arraycopy(buf, start, bigger, 0, live);
            buf = bigger;
        }
        start = 0;
        end = live;
    }

    /** Convenience for tests and callers collecting bytes. */
    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
