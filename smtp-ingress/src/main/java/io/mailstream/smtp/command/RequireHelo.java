package io.mailstream.smtp.command;

import io.mailstream.smtp.SmtpCommand;
import io.mailstream.smtp.SmtpReplies;
import io.mailstream.smtp.SmtpReply;
import io.mailstream.smtp.SmtpSession;

/** Precondition: the client has said EHLO or HELO (503 5.5.1 otherwise). */
public final class RequireHelo implements CommandHandler {

    private final CommandHandler next;

    public RequireHelo(CommandHandler next) {
        this.next = next;
    }

    @Override
    public SmtpReply handle(SmtpSession session, SmtpCommand command) {
        return session.connection().greeted() ? next.handle(session, command) : SmtpReplies.NEED_HELO;
    }
}
