package io.mailstream.smtp.command;

import io.mailstream.core.MailAddress;
import io.mailstream.smtp.PolicyResult;
import io.mailstream.smtp.SmtpCommand;
import io.mailstream.smtp.SmtpPath;
import io.mailstream.smtp.SmtpReplies;
import io.mailstream.smtp.SmtpReply;
import io.mailstream.smtp.SmtpSession;
import io.mailstream.smtp.Transaction;

/**
 * RCPT TO:&lt;forward-path&gt;. Source routes are accepted and ignored; the bare
 * {@code <postmaster>} (RFC 5321 §4.5.1) is always accepted; everything else is up to the
 * session's {@link io.mailstream.smtp.RecipientPolicy}.
 */
public final class RcptHandler implements CommandHandler {

    static final String USAGE = "RCPT TO:<address>";

    @Override
    public SmtpReply handle(SmtpSession session, SmtpCommand command) {
        Transaction transaction = session.transaction();
        transaction.countRecipientAttempt();
        SmtpPath path = SmtpPath.parse(command.argument(), "TO", USAGE);
        if (!path.parameters().isEmpty()) {
            return SmtpReplies.UNSUPPORTED_PARAMETER.withText("Error: unsupported parameter "
                    + path.parameters().keySet().iterator().next());
        }
        boolean barePostmaster = path.mailbox().equalsIgnoreCase("postmaster");
        MailAddress recipient;
        try {
            recipient = barePostmaster
                    ? MailAddress.parse("postmaster@" + session.settings().postmasterDomain())
                    : MailAddress.parse(path.mailbox());
        } catch (IllegalArgumentException e) {
            return SmtpReplies.BAD_RECIPIENT_SYNTAX;
        }
        if (transaction.hasRecipient(recipient)) {
            return SmtpReplies.RECIPIENT_OK; // said twice: one copy is enough
        }
        if (transaction.recipientCount() >= session.settings().maxRecipients()) {
            session.metrics().recipientRejected("too_many_recipients");
            return SmtpReplies.TOO_MANY_RECIPIENTS;
        }
        if (barePostmaster) {
            transaction.addRecipient(recipient);
            return SmtpReplies.RECIPIENT_OK;
        }
        PolicyResult result = session.recipientPolicy().check(recipient, session.connection());
        if (result.accepted()) {
            transaction.addRecipient(recipient);
        } else {
            session.metrics().recipientRejected(result.reason());
        }
        return result.reply();
    }
}
