package io.mailstream.smtp.command;

import io.mailstream.smtp.SmtpCommand;
import io.mailstream.smtp.SmtpReplies;
import io.mailstream.smtp.SmtpReply;
import io.mailstream.smtp.SmtpSession;

/** Commands we know but do not offer on this listener (not advertised in EHLO): 502 5.5.1. */
public final class NotImplementedHandler implements CommandHandler {

    @Override
    public SmtpReply handle(SmtpSession session, SmtpCommand command) {
        return SmtpReplies.NOT_IMPLEMENTED;
    }
}
