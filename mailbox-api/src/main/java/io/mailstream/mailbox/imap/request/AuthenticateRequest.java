package io.mailstream.mailbox.imap.request;

/**
 * AUTHENTICATE mechanism [initial-response].
 *
 * @param initialResponse the SASL-IR argument as sent (base64, or "=" for empty), or null when
 *                        the client waits for a continuation
 */
public record AuthenticateRequest(String tag, String mechanism, String initialResponse) implements ImapRequest {

    @Override
    public String command() {
        return "AUTHENTICATE";
    }

    @Override
    public String toString() {
        return "AuthenticateRequest[tag=" + tag + ", mechanism=" + mechanism + "]";
    }
}
