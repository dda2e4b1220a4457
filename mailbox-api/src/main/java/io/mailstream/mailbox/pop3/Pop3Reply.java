package io.mailstream.mailbox.pop3;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One POP3 response as a value: a status line, optionally followed by a multi-line body that is
 * already dot-stuffed and CRLF-terminated (the encoder adds the final {@code .CRLF}).
 *
 * @param ok         {@code +OK} or {@code -ERR}
 * @param text       what follows the status indicator (may be empty)
 * @param body       the multi-line body, or null for a single-line response
 * @param closeAfter the session ends after sending this response
 * @param startTls   the TLS handshake starts right after this response (STLS)
 */
public record Pop3Reply(boolean ok, String text, byte[] body, boolean closeAfter, boolean startTls) {

    /** The SASL continuation {@code "+ "} (RFC 5034: an empty PLAIN challenge); text is null. */
    public static Pop3Reply continuation() {
        return new Pop3Reply(true, null, null, false, false);
    }

    public static Pop3Reply ok(String text) {
        return new Pop3Reply(true, text, null, false, false);
    }

    public static Pop3Reply err(String text) {
        return new Pop3Reply(false, text, null, false, false);
    }

    /** A multi-line {@code +OK} whose lines are plain text (no line may start with a dot). */
    public static Pop3Reply lines(String text, List<String> lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String line : lines) {
            out.writeBytes((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        return new Pop3Reply(true, text, out.toByteArray(), false, false);
    }

    /** A multi-line {@code +OK} carrying message octets that {@link DotStuffing} prepared. */
    public static Pop3Reply message(String text, byte[] stuffed) {
        return new Pop3Reply(true, text, stuffed, false, false);
    }

    public Pop3Reply thenClose() {
        return new Pop3Reply(ok, text, body, true, startTls);
    }

    public Pop3Reply thenStartTls() {
        return new Pop3Reply(ok, text, body, closeAfter, true);
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
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length + body.length + 3);
        out.writeBytes(head);
        out.writeBytes(body);
        out.writeBytes(new byte[] {'.', '\r', '\n'});
        return out.toByteArray();
    }
}
