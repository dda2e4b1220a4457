package io.mailstream.mailbox.pop3;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One POP3 response as a value: a status line, optionally followed by a multi-line body. The
 * body is held as it is stored; {@link #encode} dot-stuffs it ({@link DotStuffing}), cuts it after
 * {@code bodyLines} body lines (TOP) and adds the final {@code .CRLF}, all into one buffer.
 *
 * @param ok         {@code +OK} or {@code -ERR}
 * @param text       what follows the status indicator (may be empty)
 * @param body       the multi-line body before dot-stuffing, or null for a single-line response
 * @param bodyLines  lines after the header's blank line to send ({@link DotStuffing#WHOLE}: all)
 * @param closeAfter the session ends after sending this response
 * @param startTls   the TLS handshake starts right after this response (STLS)
 */
public record Pop3Reply(boolean ok, String text, byte[] body, long bodyLines, boolean closeAfter,
        boolean startTls) {

    /** The SASL continuation {@code "+ "} (RFC 5034: an empty PLAIN challenge); text is null. */
    public static Pop3Reply continuation() {
        return new Pop3Reply(true, null, null, DotStuffing.WHOLE, false, false);
    }

    public static Pop3Reply ok(String text) {
        return new Pop3Reply(true, text, null, DotStuffing.WHOLE, false, false);
    }

    public static Pop3Reply err(String text) {
        return new Pop3Reply(false, text, null, DotStuffing.WHOLE, false, false);
    }

    /** A multi-line {@code +OK} of text lines. */
    public static Pop3Reply lines(String text, List<String> lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String line : lines) {
            out.writeBytes((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        return new Pop3Reply(true, text, out.toByteArray(), DotStuffing.WHOLE, false, false);
    }

    /** A multi-line {@code +OK} carrying a whole stored message (RETR). */
    public static Pop3Reply message(String text, byte[] raw) {
        return new Pop3Reply(true, text, raw, DotStuffing.WHOLE, false, false);
    }

    /** A multi-line {@code +OK} carrying a message's header and first {@code bodyLines} body lines (TOP). */
    public static Pop3Reply top(String text, byte[] raw, long bodyLines) {
        return new Pop3Reply(true, text, raw, bodyLines, false, false);
    }

    public Pop3Reply thenClose() {
        return new Pop3Reply(ok, text, body, bodyLines, true, startTls);
    }

    public Pop3Reply thenStartTls() {
        return new Pop3Reply(ok, text, body, bodyLines, closeAfter, true);
    }

    public boolean multiLine() {
        return body != null;
    }

    /** The octets to send. */
    public byte[] encode() {
        if (text == null) {
            return new byte[] {'+', ' ', '\r', '\n'};
        }
        String status = (ok ? "+OK" : "-ERR") + (text.isEmpty() ? "" : " " + text) + "\r\n";
        byte[] head = status.getBytes(StandardCharsets.UTF_8);
        if (body == null) {
            return head;
        }
        byte[] out = new byte[head.length + DotStuffing.length(body, bodyLines) + 3];
        System.arraycopy(head, 0, out, 0, head.length);
        int end = DotStuffing.stuff(body, bodyLines, out, head.length);
        out[end] = '.';
        out[end + 1] = '\r';
        out[end + 2] = '\n';
        return out;
    }
}
