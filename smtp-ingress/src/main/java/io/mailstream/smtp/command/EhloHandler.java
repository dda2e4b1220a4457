package io.mailstream.smtp.command;

import io.mailstream.smtp.SmtpCommand;
import io.mailstream.smtp.SmtpReplies;
import io.mailstream.smtp.SmtpReply;
import io.mailstream.smtp.SmtpSession;

import java.util.ArrayList;
import java.util.List;

/**
 * EHLO: starts over (no transaction) and lists the extensions this server really implements.
 * STARTTLS only while it can still be used; AUTH only where it may be used (under TLS, or from
 * loopback when configured), so no client is invited to send a password in clear text.
 * Replies to EHLO carry no enhanced status code (RFC 2034 §3).
 */
public final class EhloHandler implements CommandHandler {

    @Override
    public SmtpReply handle(SmtpSession session, SmtpCommand command) {
        String name = HeloHandler.clientName(command);
        if (name == null) {
            return SmtpReplies.heloSyntax(command.verb());
        }
        session.greet(name, true);
        List<String> lines = new ArrayList<>();
        lines.add(session.settings().hostname());
        lines.add("PIPELINING");
        lines.add("SIZE " + session.settings().maxMessageSize());
        lines.add("8BITMIME");
        if (session.canStartTls()) {
            lines.add("STARTTLS");
        }
        if (session.authAllowed()) {
            lines.add("AUTH PLAIN LOGIN");
        }
        lines.add("ENHANCEDSTATUSCODES");
        lines.add("CHUNKING");
        lines.add("DSN");
        lines.add("SMTPUTF8");
        return new SmtpReply(250, null, lines);
    }
}
