package io.mailstream.smtp.command;

import io.mailstream.core.MailAddress;
import io.mailstream.smtp.SmtpCommand;
import io.mailstream.smtp.SmtpPath;
import io.mailstream.smtp.SmtpRejection;
import io.mailstream.smtp.SmtpReplies;
import io.mailstream.smtp.SmtpReply;
import io.mailstream.smtp.SmtpSession;
import io.mailstream.smtp.Transaction;
import io.mailstream.smtp.Transaction.BodyType;

import java.util.Locale;
import java.util.Map;

/**
 * MAIL FROM:&lt;reverse-path&gt; [SIZE=n] [BODY=7BIT|8BITMIME]. The null sender {@code <>} is
 * allowed (bounces use it). Any sender is accepted on the MX port: what protects local users is
 * the recipient policy, and sender checks (SPF, own-address rules) are separate hooks.
 */
public final class MailHandler implements CommandHandler {

    static final String USAGE = "MAIL FROM:<address>";

    @Override
    public SmtpReply handle(SmtpSession session, SmtpCommand command) {
        if (session.transaction() != null) {
            return SmtpReplies.NESTED_MAIL;
        }
        SmtpPath path = SmtpPath.parse(command.argument(), "FROM", USAGE);
        String sender = "";
        if (!path.isNull()) {
            try {
                sender = MailAddress.parse(path.mailbox()).toString();
            } catch (IllegalArgumentException e) {
                return SmtpReplies.BAD_SENDER_SYNTAX;
            }
        }
        if (!path.parameters().isEmpty() && !session.connection().esmtp()) {
            return SmtpReplies.UNSUPPORTED_PARAMETER; // parameters are an ESMTP feature: HELO clients get none
        }
        long size = -1;
        BodyType body = BodyType.SEVEN_BIT;
        for (Map.Entry<String, String> p : path.parameters().entrySet()) {
            switch (p.getKey()) {
                case "SIZE" -> {
                    size = parseSize(p.getValue());
                    if (size > session.settings().maxMessageSize()) {
                        return SmtpReplies.MESSAGE_TOO_BIG;
                    }
                }
                case "BODY" -> {
                    String value = p.getValue() == null ? "" : p.getValue().toUpperCase(Locale.ROOT);
                    if (value.equals("8BITMIME")) {
                        body = BodyType.EIGHT_BIT_MIME;
                    } else if (!value.equals("7BIT")) {
                        return SmtpReplies.UNSUPPORTED_PARAMETER.withText("Error: unsupported BODY type");
                    }
                }
                default -> {
                    return SmtpReplies.UNSUPPORTED_PARAMETER.withText("Error: unsupported parameter " + p.getKey());
                }
            }
        }
        session.beginTransaction(new Transaction(sender, size, body));
        return SmtpReplies.SENDER_OK;
    }

    /** RFC 1870 size-value: 1*20DIGIT. Values beyond a long are simply too big. */
    private static long parseSize(String value) {
        if (value == null || value.length() > 20 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new SmtpRejection(SmtpReplies.syntax(USAGE + " SIZE=<octets>"));
        }
        return value.length() > 18 ? Long.MAX_VALUE : Long.parseLong(value);
    }
}
