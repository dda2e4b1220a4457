package io.mailstream.mailbox.pop3.command;

import io.mailstream.mailbox.pop3.Pop3Command;
import io.mailstream.mailbox.pop3.Pop3Replies;
import io.mailstream.mailbox.pop3.Pop3Reply;
import io.mailstream.mailbox.pop3.Pop3Session;

/**
 * APOP needs the plain-text password on the server; Mailstream keeps only bcrypt hashes, so it
 * is refused (and the greeting carries no timestamp to invite it).
 */
public final class ApopCommand implements Pop3Command {

    @Override
    public Pop3Reply handle(Pop3Session session, String arguments) {
        return Pop3Replies.notSupported("APOP");
    }
}
