package io.mailstream.smtp.command;

import io.mailstream.smtp.SmtpCommand;
import io.mailstream.smtp.SmtpReply;
import io.mailstream.smtp.SmtpSession;

/**
 * Handles one command verb and returns the reply. A handler may throw
 * {@link io.mailstream.smtp.SmtpRejection}; the session sends its reply.
 */
@FunctionalInterface
public interface CommandHandler {

    SmtpReply handle(SmtpSession session, SmtpCommand command);
}
