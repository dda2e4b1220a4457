package io.mailstream.smtp.command;

import io.mailstream.smtp.SmtpCommand;
import io.mailstream.smtp.SmtpReplies;
import io.mailstream.smtp.SmtpReply;
import io.mailstream.smtp.SmtpSession;

/** HELP: a short multi-line 214 naming the commands; an argument gets the same text. */
public final class HelpHandler implements CommandHandler {

    @Override
    public SmtpReply handle(SmtpSession session, SmtpCommand command) {
        return SmtpReplies.HELP;
    }
}
