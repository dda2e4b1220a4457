package io.mailstream.smtp.command;

import io.mailstream.smtp.SmtpCommand;
import io.mailstream.smtp.SmtpReplies;
import io.mailstream.smtp.SmtpReply;
import io.mailstream.smtp.SmtpSession;

/** EXPN: mailing lists and aliases are not disclosed to anyone (502, as RFC 5321 §7.3 permits). */
public final class ExpnHandler implements CommandHandler {

    @Override
    public SmtpReply handle(SmtpSession session, SmtpCommand command) {
        return SmtpReplies.EXPN_DISABLED;
    }
}
