package io.mailstream.smtp.command;

import io.mailstream.smtp.SmtpCommand;
import io.mailstream.smtp.SmtpReplies;
import io.mailstream.smtp.SmtpReply;
import io.mailstream.smtp.SmtpSession;

/** Precondition: a mail transaction is open, i.e. MAIL FROM was accepted (503 5.5.1 otherwise). */
public final class RequireMail implements CommandHandler {

    private final CommandHandler next;

    public RequireMail(CommandHandler next) {
        this.next = next;
    }

    @Override
    public SmtpReply handle(SmtpSession session, SmtpCommand command) {
        return session.transaction() != null ? next.handle(session, command) : SmtpReplies.NEED_MAIL;
    }
}
