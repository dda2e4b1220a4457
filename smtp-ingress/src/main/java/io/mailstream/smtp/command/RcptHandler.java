package io.mailstream.smtp.command;

import io.mailstream.core.MailAddress;
import io.mailstream.smtp.DsnParameters;
import io.mailstream.smtp.PolicyResult;
import io.mailstream.smtp.SmtpCommand;
import io.mailstream.smtp.SmtpPath;
import io.mailstream.smtp.SmtpReplies;
import io.mailstream.smtp.SmtpReply;
import io.mailstream.smtp.SmtpSession;
import io.mailstream.smtp.Transaction;

import java.util.Map;

/**
 * RCPT TO:&lt;forward-path&gt; [NOTIFY=...] [ORCPT=...]. Source routes are accepted and ignored;
 * the bare {@code <postmaster>} (RFC 5321 §4.5.1) is always accepted; everything else is up to
 * the session's {@link io.mailstream.smtp.RecipientPolicy}. DSN parameters (RFC 3461) are checked
 * and kept with the recipient; a UTF-8 address needs an SMTPUTF8 transaction (RFC 6531).
 */
public final class RcptHandler implements CommandHandler {

    static final String USAGE = "RCPT TO:<address>";

    @Override
    public SmtpReply handle(SmtpSession session, SmtpCommand command) {
        Transaction transaction = session.transaction();
        transaction.countRecipientAttempt();
        SmtpPath path = SmtpPath.parse(command.argument(), "TO", USAGE);
        String notify = null;
        String orcpt = null;
        for (Map.Entry<String, String> p : path.parameters().entrySet()) {
            switch (p.getKey()) {
                case "NOTIFY" -> {
                    notify = DsnParameters.notify(p.getValue());
                    if (notify == null) {
                        return SmtpReplies.syntax(USAGE + " NOTIFY=NEVER|SUCCESS,FAILURE,DELAY");
                    }
                }
                case "ORCPT" -> {
                    orcpt = DsnParameters.orcpt(p.getValue());
                    if (orcpt == null) {
                        return SmtpReplies.syntax(USAGE + " ORCPT=addr-type;xtext");
                    }
                }
                default -> {
                    return SmtpReplies.UNSUPPORTED_PARAMETER.withText("Error: unsupported parameter " + p.getKey());
                }
            }
        }
        if (!path.parameters().isEmpty() && !session.connection().esmtp()) {
            return SmtpReplies.UNSUPPORTED_PARAMETER;
        }
        if (path.utf8() && !transaction.smtpUtf8()) {
            return SmtpReplies.NON_ASCII_ADDRESS;
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
            transaction.addRecipient(recipient, notify, orcpt);
            return SmtpReplies.RECIPIENT_OK;
        }
        PolicyResult result = session.recipientPolicy().check(recipient, session.connection());
        if (result.accepted()) {
            transaction.addRecipient(recipient, notify, orcpt);
        } else {
            session.metrics().recipientRejected(result.reason());
        }
        return result.reply();
    }
}
