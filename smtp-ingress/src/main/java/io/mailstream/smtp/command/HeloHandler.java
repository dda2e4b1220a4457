package io.mailstream.smtp.command;

import io.mailstream.smtp.SmtpCommand;
import io.mailstream.smtp.SmtpReplies;
import io.mailstream.smtp.SmtpReply;
import io.mailstream.smtp.SmtpSession;

/** HELO: plain SMTP. Starts over (no transaction) and answers with our name only. */
public final class HeloHandler implements CommandHandler {

    /** The longest name we record (a domain is at most 255 octets). */
    static final int MAX_NAME = 255;

    @Override
    public SmtpReply handle(SmtpSession session, SmtpCommand command) {
        String name = clientName(command);
        if (name == null) {
            return SmtpReplies.heloSyntax(command.verb());
        }
        session.greet(name, false);
        return new SmtpReply(250, null, session.settings().hostname());
    }

    /**
     * The domain or address literal the client gave, or null if it is missing or could break a
     * Received header. Only letters, digits and {@code . - _ : [ ]} pass: real hostnames
     * (underscores included, which some Windows clients send) and IP literals.
     */
    static String clientName(SmtpCommand command) {
        String name = command.argument();
        if (name.isEmpty() || name.length() > MAX_NAME) {
            return null;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || ".-_:[]".indexOf(c) >= 0;
            if (!ok) {
                return null;
            }
        }
        return name;
    }
}
