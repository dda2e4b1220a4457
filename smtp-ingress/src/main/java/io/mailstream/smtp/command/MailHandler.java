package io.mailstream.smtp.command;

import io.mailstream.core.MailAddress;
import io.mailstream.smtp.DsnParameters;
import io.mailstream.smtp.SmtpCommand;
import io.mailstream.smtp.SmtpPath;
import io.mailstream.smtp.SmtpRejection;
import io.mailstream.smtp.SmtpReplies;
import io.mailstream.smtp.SmtpReply;
import io.mailstream.smtp.SmtpSession;
import io.mailstream.smtp.Transaction;
import io.mailstream.smtp.Transaction.BodyType;
import io.mailstream.store.StoreException;

import java.util.Locale;
import java.util.Map;

/**
 * MAIL FROM:&lt;reverse-path&gt; [SIZE=n] [BODY=7BIT|8BITMIME] [SMTPUTF8] [RET=FULL|HDRS] [ENVID=xtext].
 * The null sender {@code <>} is allowed (bounces use it). On the MX port any sender is accepted:
 * what protects local users is the recipient policy. On submission ports the client must have
 * authenticated (530 5.7.0), and an authenticated client may only use its own addresses: its own, its
 * subaddresses and the aliases that reach it (553 5.7.1; see {@link io.mailstream.smtp.SenderPolicy}).
 */
public final class MailHandler implements CommandHandler {

    static final String USAGE = "MAIL FROM:<address>";

    @Override
    public SmtpReply handle(SmtpSession session, SmtpCommand command) {
        if (session.transaction() != null) {
            return SmtpReplies.NESTED_MAIL;
        }
        if (session.listener().authRequired() && !session.connection().authenticated()) {
            return session.authAllowed() ? SmtpReplies.AUTH_REQUIRED : SmtpReplies.STARTTLS_FIRST;
        }
        SmtpPath path = SmtpPath.parse(command.argument(), "FROM", USAGE);
        MailAddress sender = null;
        if (!path.isNull()) {
            try {
                sender = MailAddress.parse(path.mailbox());
            } catch (IllegalArgumentException e) {
                return SmtpReplies.BAD_SENDER_SYNTAX;
            }
        }
        if (!path.parameters().isEmpty() && !session.connection().esmtp()) {
            return SmtpReplies.UNSUPPORTED_PARAMETER; // parameters are an ESMTP feature: HELO clients get none
        }
        long size = -1;
        BodyType body = BodyType.SEVEN_BIT;
        boolean smtpUtf8 = false;
        String ret = null;
        String envid = null;
        for (Map.Entry<String, String> p : path.parameters().entrySet()) {
            switch (p.getKey()) {
                case "SIZE" -> {
                    size = parseSize(p.getValue());
                    if (size > session.settings().maxMessageSize()) {
                        session.metrics().limitHit("message_size");
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
                case "SMTPUTF8" -> {
                    if (p.getValue() != null) {
                        return SmtpReplies.syntax(USAGE + " SMTPUTF8");
                    }
                    smtpUtf8 = true;
                }
                case "RET" -> {
                    ret = DsnParameters.ret(p.getValue());
                    if (ret == null) {
                        return SmtpReplies.syntax(USAGE + " RET=FULL|HDRS");
                    }
                }
                case "ENVID" -> {
                    envid = DsnParameters.envid(p.getValue());
                    if (envid == null) {
                        return SmtpReplies.syntax(USAGE + " ENVID=<xtext>");
                    }
                }
                default -> {
                    return SmtpReplies.UNSUPPORTED_PARAMETER.withText("Error: unsupported parameter " + p.getKey());
                }
            }
        }
        if (path.utf8() && !smtpUtf8) {
            return SmtpReplies.NON_ASCII_ADDRESS;
        }
        String account = session.connection().authUser();
        if (account != null && sender != null) {
            try {
                if (!session.senderPolicy().mayUse(account, sender)) {
                    return SmtpReplies.about(sender.toString(), SmtpReplies.SENDER_NOT_OWNED);
                }
            } catch (StoreException e) {
                return SmtpReplies.about(sender.toString(), SmtpReplies.SENDER_LOOKUP_FAILURE);
            }
        }
        session.beginTransaction(new Transaction(sender == null ? "" : sender.toString(), size, body,
                new Transaction.Options(smtpUtf8, ret, envid)));
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
