package io.mailstream.relay.smtp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads SMTP replies from a server that may be hostile: a line longer than {@code maxLine}, a reply
 * of more than {@code maxLines} lines, a malformed or inconsistent code, or a reply that is not
 * complete within its timeout (however slowly the bytes trickle in) ends the session.
 */
final class ReplyReader {

    private final Socket socket;
    private final InputStream in;
    private final int maxLine;
    private final int maxLines;
    private final byte[] buffer = new byte[8192];
    private int pos;
    private int limit;

    ReplyReader(Socket socket, InputStream in, int maxLine, int maxLines) {
        this.socket = socket;
        this.in = in;
        this.maxLine = maxLine;
        this.maxLines = maxLines;
    }

    SmtpReply read(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> lines = new ArrayList<>();
        int code = -1;
        while (true) {
            String line = readLine(deadline);
            if (line.length() < 3 || !isDigits(line.substring(0, 3))
                    || line.length() > 3 && line.charAt(3) != ' ' && line.charAt(3) != '-') {
                throw new SmtpProtocolException("malformed reply line: " + printable(line));
            }
            int lineCode = Integer.parseInt(line.substring(0, 3));
            if (code >= 0 && lineCode != code) {
                throw new SmtpProtocolException("reply code changed from " + code + " to " + lineCode);
            }
            code = lineCode;
            lines.add(printable(line.length() > 4 ? line.substring(4) : ""));
            if (line.length() == 3 || line.charAt(3) == ' ') {
                return new SmtpReply(code, lines, false);
            }
            if (lines.size() >= maxLines) {
                throw new SmtpProtocolException("reply longer than " + maxLines + " lines");
            }
        }
    }

    /** Drops bytes the server sent ahead of time, e.g. after {@code 220 Ready to start TLS}. */
    void discardBuffered() {
        pos = limit;
    }

    private String readLine(long deadline) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        while (true) {
            if (pos == limit) {
                fill(deadline);
            }
            byte b = buffer[pos++];
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.UTF_8);
            }
            if (line.size() >= maxLine) {
                throw new SmtpProtocolException("reply line longer than " + maxLine + " bytes");
            }
            line.write(b);
        }
    }

    private void fill(long deadline) throws IOException {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw new SocketTimeoutException("no complete reply in time");
        }
        socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, remaining / 1_000_000)));
        int n = in.read(buffer);
        if (n < 0) {
            throw new IOException("connection closed by the server");
        }
        pos = 0;
        limit = n;
    }

    private static boolean isDigits(String s) {
        return s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** Control characters from a remote server never reach logs, events or DSNs. */
    static String printable(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(c -> out.appendCodePoint(c < 32 || c == 127 ? '?' : c));
        return out.toString();
    }
}
