package io.mailstream.smtp.command;

import io.mailstream.smtp.SmtpCommand;
import io.mailstream.smtp.SmtpReplies;
import io.mailstream.smtp.SmtpReply;
import io.mailstream.smtp.SmtpSession;

/** RSET: drops the mail transaction; the client stays greeted. */
public final class RsetHandler implements CommandHandler {

    @Override
    public SmtpReply handle(SmtpSession session, SmtpCommand command) {
        if (command.hasArgument()) {
            return SmtpReplies.syntax("RSET");
        }
        session.resetTransaction();
        return SmtpReplies.OK;
    }
}
