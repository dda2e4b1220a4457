package io.mailstream.mailbox.imap.process;

import io.mailstream.mailbox.imap.request.AuthenticateRequest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * AUTHENTICATE PLAIN (RFC 4616), with the response as SASL-IR argument (RFC 4959) or after an
 * empty continuation. An authorization identity other than the login is refused: no proxy
 * logins.
 */
public final class AuthenticateProcessor extends ImapProcessor<AuthenticateRequest> {

    public AuthenticateProcessor() {
        super(SessionState.NOT_AUTHENTICATED);
    }

    @Override
    protected Completion process(AuthenticateRequest request, ImapContext ctx) {
        if (!request.mechanism().equals("PLAIN")) {
            return Completion.no(null, "Unsupported authentication mechanism");
        }
        if (!ctx.plaintextAuthAllowed()) {
            return Completion.no("PRIVACYREQUIRED", "Use STARTTLS or port 993 to log in");
        }
        if (request.initialResponse() == null) {
            return Completion.continueWith("", line -> plain(line, ctx));
        }
        return plain(request.initialResponse(), ctx);
    }

    private static Completion plain(String response, ImapContext ctx) {
        if (response.equals("*")) {
            return Completion.bad("Authentication cancelled");
        }
        byte[] decoded;
        try {
            decoded = response.equals("=") ? new byte[0] : Base64.getDecoder().decode(response.strip());
        } catch (IllegalArgumentException e) {
            return Completion.bad("Invalid base64");
        }
        String[] parts = new String(decoded, StandardCharsets.UTF_8).split("\0", -1);
        if (parts.length != 3) {
            return Completion.bad("Invalid PLAIN response");
        }
        if (!parts[0].isEmpty() && !parts[0].equalsIgnoreCase(parts[1])) {
            return Completion.no("AUTHORIZATIONFAILED", "Cannot act as another user");
        }
        return ctx.authenticate(parts[1], parts[2]);
    }
}
