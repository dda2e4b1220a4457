package io.mailstream.smtp;

import java.util.List;

/**
 * Every reply smtp-ingress sends, in one place (the README's DIAGNOSTICS section lists the same).
 * Enhanced status codes follow RFC 3463; RFC 2034 leaves them off the greeting, the replies to
 * EHLO/HELO and 354.
 */
public final class SmtpReplies {

    private SmtpReplies() {
    }

    // 2xx
    public static final SmtpReply OK = new SmtpReply(250, "2.0.0", "Ok");
    public static final SmtpReply SENDER_OK = new SmtpReply(250, "2.1.0", "Sender ok");
    public static final SmtpReply RECIPIENT_OK = new SmtpReply(250, "2.1.5", "Recipient ok");
    public static final SmtpReply CANNOT_VRFY = new SmtpReply(252, "2.5.0",
            "Cannot VRFY user, but will accept message and attempt delivery");
    public static final SmtpReply BYE = new SmtpReply(221, "2.0.0", "Bye");
    public static final SmtpReply HELP = new SmtpReply(214, "2.0.0", List.of(
            "Commands: EHLO HELO STARTTLS AUTH MAIL RCPT DATA BDAT RSET NOOP QUIT VRFY HELP",
            "See RFC 5321"));
    public static final SmtpReply READY_FOR_TLS = new SmtpReply(220, "2.0.0", "Ready to start TLS");
    public static final SmtpReply AUTH_OK = new SmtpReply(235, "2.7.0", "Authentication successful");

    // 3xx
    public static final SmtpReply START_DATA = new SmtpReply(354, null, "End data with <CR><LF>.<CR><LF>");

    // 4xx
    public static final SmtpReply TOO_MANY_RECIPIENTS = new SmtpReply(452, "4.5.3", "Error: too many recipients");
    public static final SmtpReply QUEUE_FAILURE = new SmtpReply(451, "4.3.0",
            "Error: temporary failure storing the message, try again later");
    public static final SmtpReply LOOKUP_FAILURE = new SmtpReply(451, "4.3.0",
            "Error: temporary recipient lookup failure, try again later");
    public static final SmtpReply SENDER_LOOKUP_FAILURE = new SmtpReply(451, "4.3.0",
            "Error: temporary sender lookup failure, try again later");
    public static final SmtpReply AUTH_TEMPORARY = new SmtpReply(454, "4.7.0",
            "Temporary authentication failure, try again later");

    // 5xx: protocol
    public static final SmtpReply UNRECOGNIZED = new SmtpReply(500, "5.5.2", "Error: command not recognized");
    public static final SmtpReply INVALID_CHARACTER = new SmtpReply(500, "5.5.2", "Error: invalid character in command");
    public static final SmtpReply LINE_TOO_LONG = new SmtpReply(500, "5.5.6", "Error: line too long");
    public static final SmtpReply DATA_LINE_TOO_LONG = new SmtpReply(500, "5.5.6", "Error: message line too long");
    public static final SmtpReply NOT_IMPLEMENTED = new SmtpReply(502, "5.5.1", "Error: command not implemented");
    public static final SmtpReply EXPN_DISABLED = new SmtpReply(502, "5.5.1", "Error: EXPN is not available");
    public static final SmtpReply NEED_HELO = new SmtpReply(503, "5.5.1", "Error: send HELO/EHLO first");
    public static final SmtpReply NESTED_MAIL = new SmtpReply(503, "5.5.1", "Error: nested MAIL command");
    public static final SmtpReply NEED_MAIL = new SmtpReply(503, "5.5.1", "Error: need MAIL command");
    public static final SmtpReply NEED_RCPT = new SmtpReply(503, "5.5.1", "Error: need RCPT command");
    public static final SmtpReply NO_VALID_RECIPIENTS = new SmtpReply(554, "5.5.1", "Error: no valid recipients");
    public static final SmtpReply UNSUPPORTED_PARAMETER = new SmtpReply(555, "5.5.4", "Error: unsupported parameter");
    public static final SmtpReply NEED_EHLO = new SmtpReply(503, "5.5.1", "Error: send EHLO first");
    public static final SmtpReply TRANSACTION_IN_PROGRESS = new SmtpReply(503, "5.5.1",
            "Error: MAIL transaction in progress");
    public static final SmtpReply TLS_ALREADY_ACTIVE = new SmtpReply(503, "5.5.1", "Error: TLS already active");
    public static final SmtpReply DATA_AFTER_BDAT = new SmtpReply(503, "5.5.1",
            "Error: DATA cannot be used after BDAT in the same transaction");
    public static final SmtpReply BDAT_SYNTAX = new SmtpReply(501, "5.5.4", "Syntax: BDAT size [LAST]");
    public static final SmtpReply SYNC_ERROR = new SmtpReply(554, "5.5.0", "Error: SMTP protocol synchronization");

    // 5xx: authentication (RFC 4954)
    public static final SmtpReply ALREADY_AUTHENTICATED = new SmtpReply(503, "5.5.1", "Error: already authenticated");
    public static final SmtpReply AUTH_MECHANISM_UNKNOWN = new SmtpReply(504, "5.5.4",
            "Error: unsupported authentication mechanism");
    public static final SmtpReply AUTH_CANCELLED = new SmtpReply(501, "5.7.0", "Error: authentication cancelled");
    public static final SmtpReply AUTH_BAD_BASE64 = new SmtpReply(501, "5.5.2", "Error: invalid base64 data");
    public static final SmtpReply AUTH_MALFORMED = new SmtpReply(501, "5.5.2",
            "Error: malformed authentication response");
    public static final SmtpReply AUTH_FAILED = new SmtpReply(535, "5.7.8", "Error: authentication failed");
    public static final SmtpReply ENCRYPTION_REQUIRED = new SmtpReply(538, "5.7.11",
            "Encryption required for requested authentication mechanism");
    public static final SmtpReply AUTH_REQUIRED = new SmtpReply(530, "5.7.0", "Authentication required");
    public static final SmtpReply STARTTLS_FIRST = new SmtpReply(530, "5.7.0", "Must issue a STARTTLS command first");

    // 5xx: addresses and policy
    public static final SmtpReply BAD_SENDER_SYNTAX = new SmtpReply(501, "5.1.7", "Error: bad sender address syntax");
    public static final SmtpReply BAD_RECIPIENT_SYNTAX = new SmtpReply(501, "5.1.3",
            "Error: bad recipient address syntax");
    public static final SmtpReply NON_ASCII_ADDRESS = new SmtpReply(553, "5.6.7",
            "Error: non-ASCII address needs the SMTPUTF8 parameter");
    public static final SmtpReply BAD_UTF8_ADDRESS = new SmtpReply(553, "5.6.7", "Error: malformed UTF-8 in address");
    public static final SmtpReply SENDER_NOT_OWNED = new SmtpReply(553, "5.7.1",
            "Sender address rejected: not owned by the authenticated user");
    public static final SmtpReply USER_UNKNOWN = new SmtpReply(550, "5.1.1", "Recipient address rejected: user unknown");
    public static final SmtpReply MAILBOX_DISABLED = new SmtpReply(550, "5.2.1", "Recipient address rejected: mailbox disabled");
    public static final SmtpReply RELAY_DENIED = new SmtpReply(554, "5.7.1", "Relay access denied");

    // 5xx: message content
    public static final SmtpReply MESSAGE_TOO_BIG = new SmtpReply(552, "5.3.4",
            "Error: message size exceeds fixed maximum message size");
    public static final SmtpReply BARE_NEWLINE = new SmtpReply(550, "5.6.0",
            "Error: bare <LF> or <CR> received; lines must end with <CR><LF>");

    // Replies that need the host name or a value.
    public static SmtpReply greeting(String hostname) {
        return new SmtpReply(220, null, hostname + " ESMTP Mailstream");
    }

    public static SmtpReply queued(String queueId) {
        return new SmtpReply(250, "2.0.0", "Ok: queued as " + queueId);
    }

    public static SmtpReply chunkReceived(long octets) {
        return new SmtpReply(250, "2.0.0", "Ok: " + octets + " octets received");
    }

    /** A SASL continuation (RFC 4954 §4): 334 and the base64 challenge, no status code. */
    public static SmtpReply challenge(String base64) {
        return new SmtpReply(334, null, base64);
    }

    public static SmtpReply tooManyFromClient(String hostname, String client) {
        return new SmtpReply(421, "4.7.0", hostname + " Error: too many connections from " + client);
    }

    public static SmtpReply syntax(String usage) {
        return new SmtpReply(501, "5.5.4", "Syntax: " + usage);
    }

    /** RFC 2034: no status code on replies to HELO/EHLO. */
    public static SmtpReply heloSyntax(String verb) {
        return new SmtpReply(501, null, "Syntax: " + verb + " hostname");
    }

    public static SmtpReply tooManyErrors(String hostname) {
        return new SmtpReply(421, "4.7.0", hostname + " Error: too many errors, closing connection");
    }

    public static SmtpReply timeout(String hostname) {
        return new SmtpReply(421, "4.4.2", hostname + " Error: timeout exceeded, closing connection");
    }

    /** The listener is draining (shutdown): said at once to a waiting client, or to its next command. */
    public static SmtpReply shuttingDown(String hostname) {
        return new SmtpReply(421, "4.3.2", hostname + " Service shutting down, closing transmission channel");
    }

    public static SmtpReply busy(String hostname) {
        return new SmtpReply(421, "4.7.0", hostname + " Error: too many connections, try again later");
    }

    /** Puts the address the reply is about in front of the text, as Postfix does. */
    public static SmtpReply about(String address, SmtpReply reply) {
        return reply.withText("<" + address + ">: " + reply.text());
    }
}
