package io.mailstream.smtp.command;

import io.mailstream.smtp.SmtpCommand;
import io.mailstream.smtp.SmtpReplies;
import io.mailstream.smtp.SmtpReply;
import io.mailstream.smtp.SmtpSession;

/** QUIT: 221, then the session closes. An unfinished transaction is dropped. */
public final class QuitHandler implements CommandHandler {

    @Override
    public SmtpReply handle(SmtpSession session, SmtpCommand command) {
        session.resetTransaction();
        session.closeAfterReply();
        return SmtpReplies.BYE;
    }
}
