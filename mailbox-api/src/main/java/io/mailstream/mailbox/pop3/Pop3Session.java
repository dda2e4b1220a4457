package io.mailstream.mailbox.pop3;

import io.mailstream.net.Connection;
import io.mailstream.net.LineReader;
import io.mailstream.net.LineTooLongException;
import io.mailstream.net.ProtocolHandler;
import io.mailstream.store.StoreException;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * One POP3 conversation (RFC 1939, RFC 2449, STLS from RFC 2595, SASL from RFC 5034) as a state
 * machine fed bytes: no sockets here, so tests drive it in memory. Commands are read line by line
 * (fragments and pipelined commands alike), looked up in {@link Pop3Commands}, checked against the
 * state and answered in order. Two input modes: commands, and the one line that answers a SASL
 * continuation.
 *
 * <p>Limits: a command line is at most 255 octets with its CRLF (RFC 2449 §4), a SASL response
 * line at most {@link #MAX_SASL_LINE}; three failed logins or twenty protocol errors (unknown
 * command, wrong state, bad syntax, over-long line) end the session.
 *
 * <p>The maildrop lock taken at login is released at QUIT and whenever the connection ends.
 */
public final class Pop3Session implements ProtocolHandler {

    /** RFC 2449: 255 octets including CRLF. */
    static final int MAX_COMMAND_LINE = 253;
    /** A PLAIN response carries a login and a password in base64, beyond the command limit. */
    static final int MAX_SASL_LINE = 2048;
    static final int MAX_AUTH_FAILURES = 3;
    static final int MAX_ERRORS = 20;

    private static final Logger LOG = Logger.getLogger(Pop3Session.class);
    /** The answer to any command once the server drains; QUIT included, so no deletion is applied. */
    static final Pop3Reply SHUTTING_DOWN = Pop3Reply.err("[SYS/TEMP] server shutting down; no messages deleted")
            .thenClose();

    private final Connection connection;
    private final MaildropService service;
    private final Pop3Commands commands;
    private final Pop3Metrics metrics;
    private final String hostname;
    private final boolean allowPlaintextLoopback;
    private final LineReader reader = new LineReader(MAX_SASL_LINE);

    private Pop3State state = Pop3State.AUTHORIZATION;
    private String pendingUser;
    private Function<String, Pop3Reply> saslResponse;
    private String owner;
    private Maildrop maildrop;
    private ReadAhead readAhead;
    private boolean locked;
    private int authFailures;
    private int errors;
    private boolean closed;
    private boolean draining;

    public Pop3Session(Connection connection, MaildropService service, Pop3Commands commands, Pop3Metrics metrics,
            String hostname, boolean allowPlaintextLoopback) {
        this.connection = connection;
        this.service = service;
        this.commands = commands;
        this.metrics = metrics;
        this.hostname = hostname;
        this.allowPlaintextLoopback = allowPlaintextLoopback;
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
                    saslResponse = null;
                    reply(Pop3Replies.LINE_TOO_LONG);
                    continue;
                }
                if (line == null) {
                    return;
                }
                String text = new String(line, StandardCharsets.UTF_8);
                if (draining) {
                    LOG.infof("pop3 %s: shutting down, session closed in %s", connection.sessionId(), state);
                    send(SHUTTING_DOWN);
                } else if (saslResponse != null) {
                    Function<String, Pop3Reply> handler = saslResponse;
                    saslResponse = null;
                    reply(guarded("AUTH", () -> handler.apply(text)));
                } else if (line.length > MAX_COMMAND_LINE) {
                    reply(Pop3Replies.LINE_TOO_LONG);
                } else {
                    reply(execute(text));
                }
            }
        } finally {
            MDC.remove("session");
        }
    }

    /**
     * One complete command line, in TRANSACTION, that is answered from memory: NOOP, STAT, LIST,
     * UIDL, DELE (applied at QUIT), and RETR or TOP of a message read ahead. Anything else (QUIT
     * applies deletions, RSET and a message not held read the store) runs on a worker.
     */
    @Override
    public boolean answersAtOnce(byte[] data) {
        int n = data.length;
        if (closed || draining || saslResponse != null || state != Pop3State.TRANSACTION || reader.available() > 0
                || n < 4 || n > MAX_COMMAND_LINE || data[n - 2] != '\r' || data[n - 1] != '\n') {
            return false;
        }
        for (int i = 0; i < n - 2; i++) {
            if (data[i] == '\r' || data[i] == '\n') {
                return false; // more than one command: some may need the store
            }
        }
        String[] words = new String(data, 0, n - 2, StandardCharsets.US_ASCII).split(" ");
        return switch (words[0].toUpperCase(Locale.ROOT)) {
            case "NOOP", "STAT", "LIST", "UIDL", "DELE" -> true;
            case "RETR", "TOP" -> words.length > 1 && held(words[1]);
            default -> false;
        };
    }

    private boolean held(String number) {
        try {
            return readAhead != null && readAhead.holds(Integer.parseInt(number));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    @Override
    public void onIdleTimeout(Connection c) {
        // RFC 1939 §3: an autologout timer expiring ends the session without entering UPDATE.
        reply(Pop3Replies.AUTOLOGOUT);
    }

    /**
     * The listener drains (shutdown). POP3 has no unsolicited replies, so a session is told at its
     * next command: {@code -ERR} and close, and in TRANSACTION without entering UPDATE, so the
     * messages marked with DELE stay (RFC 1939 §6: deletions happen only at QUIT). A session
     * still in AUTHORIZATION has nothing to lose and is closed at once.
     */
    @Override
    public void onDrain(Connection c) {
        draining = true;
        if (state == Pop3State.AUTHORIZATION && saslResponse == null && pendingUser == null) {
            send(SHUTTING_DOWN);
        }
    }

    @Override
    public void onClose() {
        closed = true;
        if (state == Pop3State.TRANSACTION && !maildrop.markedUids().isEmpty()) {
            LOG.debugf("pop3 %s: connection dropped, %d deletion marks discarded", connection.sessionId(),
                    maildrop.markedUids().size());
        }
        if (readAhead != null) {
            readAhead.clear();
        }
        releaseLock();
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
        return guarded(verb.toUpperCase(Locale.ROOT), () -> registration.command().handle(this, arguments));
    }

    private Pop3Reply guarded(String verb, Supplier<Pop3Reply> work) {
        long started = System.nanoTime();
        try {
            return work.get();
        } catch (StoreException e) {
            LOG.warnf(e, "pop3 %s: store failure on %s", connection.sessionId(), verb);
            return Pop3Replies.STORE_UNAVAILABLE;
        } finally {
            metrics.command(verb, System.nanoTime() - started);
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
     * Errors that show a client not speaking POP3 (or probing, or insisting on clear-text
     * credentials): they count towards the limit. A missing message or a store failure does not.
     */
    private static boolean isProtocolError(Pop3Reply reply) {
        return reply == Pop3Replies.UNKNOWN_COMMAND || reply == Pop3Replies.WRONG_STATE || reply == Pop3Replies.SYNTAX
                || reply == Pop3Replies.LINE_TOO_LONG || reply == Pop3Replies.PLAINTEXT_REFUSED
                || reply == Pop3Replies.BAD_SASL_RESPONSE;
    }

    private void send(Pop3Reply reply) {
        if (closed) {
            return;
        }
        if (reply.startTls()) {
            // RFC 2595 §4 / CVE-2011-0411: nothing the client sent before the handshake may count.
            reader.clear();
            pendingUser = null;
            connection.startTls(reply.encode());
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

    public String clientAddress() {
        return connection.remoteAddress();
    }

    public boolean isSecure() {
        return connection.isSecure();
    }

    /** STLS can be offered: the listener has a certificate and this connection is not yet protected. */
    public boolean canStartTls() {
        return connection.canStartTls() && !connection.isSecure();
    }

    /**
     * Credentials may be sent now: over TLS, or from a loopback client when
     * {@code mailstream.pop3.allow-plaintext-loopback} is on (RFC 2595 §2.2, RFC 8314).
     */
    public boolean plaintextLoginAllowed() {
        return connection.isSecure() || allowPlaintextLoopback && isLoopback(connection.remoteAddress());
    }

    private static boolean isLoopback(String address) {
        if (address == null || address.isEmpty() || !Character.isDigit(address.charAt(0)) && address.charAt(0) != ':'
                && address.charAt(0) != '[') {
            return false;
        }
        try {
            // A literal only (checked above), so no name lookup happens here.
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The next input line answers a SASL continuation and goes to {@code handler}. */
    public Pop3Reply expectSaslResponse(Function<String, Pop3Reply> handler) {
        this.saslResponse = handler;
        return Pop3Reply.continuation();
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

    /** Enters TRANSACTION with the owner's maildrop snapshot; the session holds the maildrop lock. */
    public void loggedIn(String owner, Maildrop maildrop) {
        this.owner = owner;
        this.maildrop = maildrop;
        this.readAhead = service.readAhead();
        this.locked = true;
        this.pendingUser = null;
        this.state = Pop3State.TRANSACTION;
    }

    /** Gives the maildrop lock back (QUIT, connection end); safe to call twice. */
    public void releaseLock() {
        if (locked) {
            locked = false;
            service.unlock(owner, connection.sessionId());
        }
    }

    /** The account key of the logged-in user, or null before login. */
    public String owner() {
        return owner;
    }

    public Maildrop maildrop() {
        return maildrop;
    }

    /** How RETR and TOP read message octets; null before login. */
    public ReadAhead readAhead() {
        return readAhead;
    }

    /** QUIT in TRANSACTION: from here on only the deletions are applied. */
    public void enterUpdate() {
        state = Pop3State.UPDATE;
    }
}
