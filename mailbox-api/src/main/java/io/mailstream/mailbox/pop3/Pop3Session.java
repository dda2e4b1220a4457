package io.mailstream.mailbox.pop3;

import io.mailstream.net.Connection;
import io.mailstream.net.LineReader;
import io.mailstream.net.LineTooLongException;
import io.mailstream.net.ProtocolHandler;
import io.mailstream.store.StoreException;

import java.nio.charset.StandardCharsets;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * One POP3 conversation (RFC 1939, RFC 2449) as a state machine fed bytes: no sockets here, so
 * tests drive it in memory. Commands are read line by line (fragments and pipelined commands
 * alike), looked up in {@link Pop3Commands}, checked against the state and answered in order.
 *
 * <p>Limits: a command line is at most 255 octets with its CRLF (RFC 2449 §4); three failed
 * logins or twenty protocol errors (unknown command, wrong state, bad syntax, over-long line)
 * end the session.
 */
public final class Pop3Session implements ProtocolHandler {

    /** RFC 2449: 255 octets including CRLF. */
    static final int MAX_COMMAND_LINE = 253;
    static final int MAX_AUTH_FAILURES = 3;
    static final int MAX_ERRORS = 20;

    private static final Logger LOG = Logger.getLogger(Pop3Session.class);

    private final Connection connection;
    private final MaildropService service;
    private final Pop3Commands commands;
    private final Pop3Metrics metrics;
    private final String hostname;
    private final LineReader reader = new LineReader(MAX_COMMAND_LINE);

    private Pop3State state = Pop3State.AUTHORIZATION;
    private String pendingUser;
    private String owner;
    private Maildrop maildrop;
    private int authFailures;
    private int errors;
    private boolean closed;

    public Pop3Session(Connection connection, MaildropService service, Pop3Commands commands, Pop3Metrics metrics,
            String hostname) {
        this.connection = connection;
        this.service = service;
        this.commands = commands;
        this.metrics = metrics;
        this.hostname = hostname;
    }

    @Override
    public void onConnect() {
        metrics.sessionOpened();
        send(Pop3Reply.ok("Mailstream POP3 server ready on " + hostname));
    }

    @Override
    public void onData(byte[] data) {
        if (closed) {
            return;
        }
        reader.append(data);
        MDC.put("session", connection.sessionId());
        try {
            while (!closed) {
                byte[] line;
                try {
                    line = reader.readLine();
                } catch (LineTooLongException e) {
                    reply(Pop3Replies.LINE_TOO_LONG);
                    continue;
                }
                if (line == null) {
                    return;
                }
                reply(execute(new String(line, StandardCharsets.UTF_8)));
            }
        } finally {
            MDC.remove("session");
        }
    }

    @Override
    public void onIdleTimeout(Connection c) {
        // RFC 1939 §3: an autologout timer expiring ends the session without entering UPDATE.
        reply(Pop3Replies.AUTOLOGOUT);
    }

    @Override
    public void onClose() {
        closed = true;
        if (state == Pop3State.TRANSACTION && !maildrop.markedUids().isEmpty()) {
            LOG.debugf("pop3 %s: connection dropped, %d deletion marks discarded", connection.sessionId(),
                    maildrop.markedUids().size());
        }
        // Issue 7: release the maildrop lock here.
    }

    private Pop3Reply execute(String line) {
        int space = line.indexOf(' ');
        String verb = space < 0 ? line : line.substring(0, space);
        String arguments = space < 0 ? "" : line.substring(space + 1);
        Pop3Commands.Registration registration = commands.lookup(verb);
        if (registration == null) {
            return Pop3Replies.UNKNOWN_COMMAND;
        }
        if (!registration.states().contains(state)) {
            return Pop3Replies.WRONG_STATE;
        }
        long started = System.nanoTime();
        try {
            return registration.command().handle(this, arguments);
        } catch (StoreException e) {
            LOG.warnf(e, "pop3 %s: store failure on %s", connection.sessionId(), verb);
            return Pop3Replies.STORE_UNAVAILABLE;
        } finally {
            metrics.command(verb.toUpperCase(java.util.Locale.ROOT), System.nanoTime() - started);
        }
    }

    private void reply(Pop3Reply reply) {
        if (isProtocolError(reply) && ++errors >= MAX_ERRORS) {
            send(reply);
            reply = Pop3Replies.TOO_MANY_ERRORS;
        }
        send(reply);
    }

    /**
     * Errors that show a client not speaking POP3 (or probing): they count towards the limit.
     * A missing message or a store failure does not.
     */
    private static boolean isProtocolError(Pop3Reply reply) {
        return reply == Pop3Replies.UNKNOWN_COMMAND || reply == Pop3Replies.WRONG_STATE || reply == Pop3Replies.SYNTAX
                || reply == Pop3Replies.LINE_TOO_LONG;
    }

    private void send(Pop3Reply reply) {
        if (closed) {
            return;
        }
        connection.write(reply.encode());
        if (reply.closeAfter()) {
            closed = true;
            connection.close();
        }
    }

    // --- what commands may see and change ---

    public Pop3State state() {
        return state;
    }

    public MaildropService service() {
        return service;
    }

    public Pop3Metrics metrics() {
        return metrics;
    }

    public String hostname() {
        return hostname;
    }

    public String sessionId() {
        return connection.sessionId();
    }

    /** The name given by USER, waiting for PASS; null when none. */
    public String pendingUser() {
        return pendingUser;
    }

    public void pendingUser(String user) {
        this.pendingUser = user;
    }

    /** Counts a failed login and tells whether the session may try again. */
    public boolean authFailedMayRetry() {
        pendingUser = null;
        return ++authFailures < MAX_AUTH_FAILURES;
    }

    /** Enters TRANSACTION with the owner's maildrop snapshot. */
    public void loggedIn(String owner, Maildrop maildrop) {
        this.owner = owner;
        this.maildrop = maildrop;
        this.pendingUser = null;
        this.state = Pop3State.TRANSACTION;
    }

    /** The account key of the logged-in user, or null before login. */
    public String owner() {
        return owner;
    }

    public Maildrop maildrop() {
        return maildrop;
    }

    /** QUIT in TRANSACTION: from here on only the deletions are applied. */
    public void enterUpdate() {
        state = Pop3State.UPDATE;
    }
}
