package io.mailstream.smtp.command;

import io.mailstream.smtp.SmtpCommand;
import io.mailstream.smtp.SmtpReplies;
import io.mailstream.smtp.SmtpReply;
import io.mailstream.smtp.SmtpSession;

/**
 * VRFY: 252 whatever is asked, so the command cannot be used to find out which accounts exist
 * (RFC 5321 §3.5.3 allows this answer). The directory is never consulted.
 */
public final class VrfyHandler implements CommandHandler {

    @Override
    public SmtpReply handle(SmtpSession session, SmtpCommand command) {
        return command.hasArgument() ? SmtpReplies.CANNOT_VRFY : SmtpReplies.syntax("VRFY address");
    }
}
