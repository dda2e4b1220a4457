package io.mailstream.smtp.command;

import io.mailstream.smtp.SaslExchange;
import io.mailstream.smtp.SmtpCommand;
import io.mailstream.smtp.SmtpReplies;
import io.mailstream.smtp.SmtpReply;
import io.mailstream.smtp.SmtpSession;

/**
 * AUTH mechanism [initial-response] (RFC 4954, SASL-IR). PLAIN and LOGIN only, and only under
 * TLS (538 5.7.11 otherwise; a loopback exception can be configured). Not after a successful
 * AUTH, not inside a mail transaction, not before EHLO. The credential check is mail-store's
 * Authenticator, throttled per client and account.
 */
public final class AuthHandler implements CommandHandler {

    static final String USAGE = "AUTH mechanism [initial-response]";

    @Override
    public SmtpReply handle(SmtpSession session, SmtpCommand command) {
        if (!session.connection().esmtp()) {
            return SmtpReplies.NEED_EHLO;
        }
        if (session.connection().authenticated()) {
            return SmtpReplies.ALREADY_AUTHENTICATED;
        }
        if (session.transaction() != null) {
            return SmtpReplies.TRANSACTION_IN_PROGRESS;
        }
        String[] args = command.argument().split(" ", -1);
        if (args[0].isEmpty() || args.length > 2) {
            return SmtpReplies.syntax(USAGE);
        }
        if (!session.authAllowed()) {
            return SmtpReplies.ENCRYPTION_REQUIRED;
        }
        SaslExchange exchange = SaslExchange.forMechanism(args[0]);
        if (exchange == null) {
            return SmtpReplies.AUTH_MECHANISM_UNKNOWN;
        }
        byte[] initial = null;
        if (args.length == 2) {
            // RFC 4954 §4: "=" is an empty initial response.
            initial = args[1].equals("=") ? new byte[0] : SmtpSession.decodeBase64(args[1]);
            if (initial == null || args[1].isEmpty()) {
                session.metrics().auth("malformed");
                return SmtpReplies.AUTH_BAD_BASE64;
            }
        }
        return session.saslStep(exchange, exchange.start(initial));
    }
}
