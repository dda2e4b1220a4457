package io.mailstream.smtp.command;

import io.mailstream.smtp.SmtpCommand;
import io.mailstream.smtp.SmtpReplies;
import io.mailstream.smtp.SmtpReply;
import io.mailstream.smtp.SmtpSession;

/**
 * STARTTLS (RFC 3207). Answered 220, after which the session drops what the client pipelined,
 * waits for the handshake and forgets everything, EHLO included. Without a certificate the
 * command is not offered (502), under TLS it is refused (503).
 */
public final class StartTlsHandler implements CommandHandler {

    @Override
    public SmtpReply handle(SmtpSession session, SmtpCommand command) {
        if (command.hasArgument()) {
            return SmtpReplies.syntax("STARTTLS");
        }
        if (session.connection().secure()) {
            return SmtpReplies.TLS_ALREADY_ACTIVE;
        }
        if (!session.canStartTls()) {
            return SmtpReplies.NOT_IMPLEMENTED;
        }
        if (session.transaction() != null) {
            return SmtpReplies.TRANSACTION_IN_PROGRESS;
        }
        session.requestTls();
        return SmtpReplies.READY_FOR_TLS;
    }
}
