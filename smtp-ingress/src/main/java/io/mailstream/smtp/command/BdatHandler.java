package io.mailstream.smtp.command;

import io.mailstream.smtp.SmtpCommand;
import io.mailstream.smtp.SmtpReplies;
import io.mailstream.smtp.SmtpReply;
import io.mailstream.smtp.SmtpSession;
import io.mailstream.smtp.Transaction;

/**
 * BDAT size [LAST] (RFC 3030 CHUNKING). The chunk that follows is always read, even when the
 * command is refused, so the client and server stay in step; the reply comes after it. A
 * malformed size cannot be skipped: it is answered 501 and the session ends.
 */
public final class BdatHandler implements CommandHandler {

    @Override
    public SmtpReply handle(SmtpSession session, SmtpCommand command) {
        String[] args = command.argument().split(" ", -1);
        boolean last = args.length == 2 && args[1].equalsIgnoreCase("LAST");
        if (args.length > 2 || args.length == 2 && !last || !isSize(args[0])) {
            session.closeAfterReply();
            return SmtpReplies.BDAT_SYNTAX;
        }
        long size = args[0].length() > 18 ? Long.MAX_VALUE : Long.parseLong(args[0]);
        session.receiveChunk(size, last, refusal(session));
        return null;
    }

    private static SmtpReply refusal(SmtpSession session) {
        if (!session.connection().greeted()) {
            return SmtpReplies.NEED_HELO;
        }
        if (!session.connection().esmtp()) {
            return SmtpReplies.NEED_EHLO;
        }
        Transaction t = session.transaction();
        if (t == null) {
            return SmtpReplies.NEED_MAIL;
        }
        if (t.recipientCount() == 0) {
            return t.recipientAttempts() == 0 ? SmtpReplies.NEED_RCPT : SmtpReplies.NO_VALID_RECIPIENTS;
        }
        return null;
    }

    /** 1*DIGIT; RFC 3030 sets no upper bound, so very long values are simply very large. */
    private static boolean isSize(String s) {
        return !s.isEmpty() && s.length() <= 20 && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
