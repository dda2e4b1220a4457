package io.mailstream.mailbox.pop3.command;

import io.mailstream.mailbox.pop3.Login;
import io.mailstream.mailbox.pop3.Pop3Command;
import io.mailstream.mailbox.pop3.Pop3Replies;
import io.mailstream.mailbox.pop3.Pop3Reply;
import io.mailstream.mailbox.pop3.Pop3Session;
import io.mailstream.store.LoginName;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * AUTH (RFC 5034) with the PLAIN mechanism (RFC 4616): {@code AUTH PLAIN <initial-response>}, or
 * {@code AUTH PLAIN} followed by the response after an empty {@code "+ "} challenge ({@code *}
 * cancels). {@code AUTH} alone lists the mechanisms (RFC 1734 style, which some clients probe).
 * An authorization identity other than the login is refused: no proxy logins.
 */
public final class AuthCommand implements Pop3Command {

    @Override
    public Pop3Reply handle(Pop3Session session, String arguments) {
        if (arguments.isEmpty()) {
            return Pop3Reply.lines("SASL mechanisms follow",
                    session.plaintextLoginAllowed() ? List.of("PLAIN") : List.of());
        }
        String[] args = Arguments.split(arguments);
        if (args.length > 2) {
            return Pop3Replies.SYNTAX;
        }
        if (!args[0].toUpperCase(Locale.ROOT).equals("PLAIN")) {
            return Pop3Reply.err("unsupported authentication mechanism");
        }
        if (!session.plaintextLoginAllowed()) {
            return Pop3Replies.PLAINTEXT_REFUSED;
        }
        if (args.length == 1) {
            return session.expectSaslResponse(response -> response.equals("*") ? Pop3Replies.AUTH_CANCELLED
                    : plain(session, response));
        }
        return plain(session, args[1]);
    }

    private static Pop3Reply plain(Pop3Session session, String response) {
        byte[] decoded;
        try {
            decoded = response.equals("=") ? new byte[0] : Base64.getDecoder().decode(response);
        } catch (IllegalArgumentException e) {
            return Pop3Replies.BAD_SASL_RESPONSE;
        }
        String[] parts = new String(decoded, StandardCharsets.UTF_8).split("\0", -1);
        if (parts.length != 3 || parts[1].isEmpty()) {
            return Pop3Replies.BAD_SASL_RESPONSE;
        }
        if (!parts[0].isEmpty() && !sameAccount(parts[0], parts[1])) {
            return session.authFailedMayRetry() ? Pop3Reply.err("[AUTH] cannot log in as another user")
                    : Pop3Replies.TOO_MANY_AUTH_FAILURES;
        }
        return Login.attempt(session, parts[1], parts[2]);
    }

    private static boolean sameAccount(String authzid, String authcid) {
        try {
            return LoginName.key(authzid).equals(LoginName.key(authcid));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
