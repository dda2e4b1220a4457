package io.mailstream.smtp.command;

import io.mailstream.smtp.SmtpCommand;
import io.mailstream.smtp.SmtpReplies;
import io.mailstream.smtp.SmtpReply;
import io.mailstream.smtp.SmtpSession;
import io.mailstream.smtp.Transaction;

/**
 * DATA: switches the session to data mode and answers 354. What happens at the end of the data
 * (checks, Received header, storing, 250 or a refusal) is the session's {@code finishData}.
 */
public final class DataHandler implements CommandHandler {

    @Override
    public SmtpReply handle(SmtpSession session, SmtpCommand command) {
        if (command.hasArgument()) {
            return SmtpReplies.syntax("DATA");
        }
        Transaction transaction = session.transaction();
        if (transaction.chunked()) {
            return SmtpReplies.DATA_AFTER_BDAT; // RFC 3030 §3: BDAT and DATA do not mix in one transaction
        }
        if (transaction.recipientCount() == 0) {
            // RFC 5321 §3.3: 503 if no RCPT was given, 554 if every one was refused.
            return transaction.recipientAttempts() == 0 ? SmtpReplies.NEED_RCPT : SmtpReplies.NO_VALID_RECIPIENTS;
        }
        session.startData();
        return SmtpReplies.START_DATA;
    }
}
