package io.mailstream.mailbox.imap;

import io.mailstream.mailbox.imap.decode.ArgReader;
import io.mailstream.mailbox.imap.decode.DecodeException;
import io.mailstream.mailbox.imap.process.Capabilities;
import io.mailstream.mailbox.imap.process.Completion;
import io.mailstream.mailbox.imap.process.IdleHook;
import io.mailstream.mailbox.imap.process.ImapContext;
import io.mailstream.mailbox.imap.process.SessionState;
import io.mailstream.mailbox.imap.request.ImapRequest;
import io.mailstream.net.Connection;
import io.mailstream.net.LineReader;
import io.mailstream.net.LineTooLongException;
import io.mailstream.net.ProtocolHandler;
import io.mailstream.store.StoreException;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * One IMAP connection, without sockets. Input is assembled into complete commands (the command
 * line plus any literals, announcing synchronizing literals with {@code +}), decoded into a
 * request, run by its processor, and answered; after each command the selected mailbox's changes
 * are reported where the protocol allows. Modes: reading a command line, reading literal octets,
 * or waiting for a continuation line (SASL, or DONE to end IDLE). STARTTLS is handled here, since
 * it resets the input. IDLE wake-ups come from other threads, so the entry points are synchronized.
 */
public final class ImapSession implements ProtocolHandler {

    private static final Logger LOG = Logger.getLogger(ImapSession.class);
    private static final int LITERAL_CHUNK = 64 * 1024;
    private static final String SHUTTING_DOWN = "Server shutting down";

    private enum Mode { COMMAND, LITERAL, CONTINUATION, CLOSED }

    private final Connection connection;
    private final ImapServices services;
    private final ImapCommands commands;
    private final ImapMetrics metrics;
    private final ImapLimits limits;
    private final ImapContext ctx;
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private final CommandRate rate;
    private final Runnable wakeup = this::requestWake;
    private boolean idling;
    private long commandStarted;
    private final LineReader reader;
    private final ByteArrayOutputStream command = new ByteArrayOutputStream();
    private Mode mode = Mode.COMMAND;
    private long literalRemaining;
    private ImapRequest pendingRequest;
    private Function<String, Completion> pendingNext;
    private int badCommands;
    private int failedLogins;
    private boolean draining;

    public ImapSession(Connection connection, ImapServices services) {
        this.connection = connection;
        this.services = services;
        this.commands = services.commands();
        this.metrics = services.metrics();
        this.limits = services.limits();
        this.ctx = new ImapContext(services.access(), services.authenticator(), connection, services.policy(),
                new IdleHook() {
                    @Override
                    public void start() {
                        idling = true;
                        services.idle().register(ctx.user(), wakeup);
                    }

                    @Override
                    public void stop() {
                        stopIdle();
                    }
                }, services.accounts());
        this.reader = new LineReader(limits.maxLineLength());
        this.rate = new CommandRate(services.policy().commandsPerSecond(), services.policy().commandBurst(),
                System.nanoTime());
    }

    @Override
    public synchronized void onConnect() {
        metrics.sessionOpened();
        send("* OK [CAPABILITY " + Capabilities.of(ctx) + "] Mailstream IMAP ready");
    }

    @Override
    public synchronized void onClose() {
        stopIdle();
        ctx.closed();
        mode = Mode.CLOSED;
    }

    private void stopIdle() {
        if (idling) {
            idling = false;
            services.idle().unregister(ctx.user(), wakeup);
        }
    }

    /** Called by the IDLE registry on any thread: runs one wake-up on the worker pool. */
    private void requestWake() {
        if (wakePending.compareAndSet(false, true)) {
            services.wakeups().execute(this::wake);
        }
    }

    /** Reports the selected mailbox's changes to an idling client. */
    synchronized void wake() {
        wakePending.set(false);
        if (!idling || mode != Mode.CONTINUATION || ctx.state() != SessionState.SELECTED) {
            return;
        }
        MDC.put("sessionId", connection.sessionId());
        try {
            ctx.selected().refresh(ctx.access(), ctx, true);
        } catch (StoreException e) {
            LOG.warnf("%s: mailbox refresh during IDLE failed: %s", connection.sessionId(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s: mailbox refresh during IDLE failed", connection.sessionId());
        } finally {
            MDC.remove("sessionId");
        }
    }

    @Override
    public synchronized void onData(byte[] data) {
        if (mode == Mode.CLOSED) {
            return;
        }
        // Worker threads are shared: the session id is in the log context only while we run.
        MDC.put("sessionId", connection.sessionId());
        try {
            process(data);
        } finally {
            MDC.remove("sessionId");
        }
    }

    private void process(byte[] data) {
        reader.append(data);
        boolean progressed = true;
        while (progressed && mode != Mode.CLOSED) {
            progressed = switch (mode) {
                case COMMAND -> commandLine();
                case LITERAL -> literal();
                case CONTINUATION -> continuationLine();
                case CLOSED -> false;
            };
            if (draining && betweenCommands()) {
                bye(SHUTTING_DOWN); // the command in progress is answered: nothing pipelined behind it runs
            }
        }
    }

    /**
     * The listener drains (shutdown): BYE at once when waiting for a command or in IDLE, otherwise
     * once the command in progress (its literals or SASL exchange still to come) is answered.
     */
    @Override
    public synchronized void onDrain(Connection c) {
        draining = true;
        if (betweenCommands() || idling) {
            bye(SHUTTING_DOWN);
        }
    }

    private boolean betweenCommands() {
        return mode == Mode.COMMAND && command.size() == 0;
    }

    @Override
    public synchronized void onIdleTimeout(Connection c) {
        bye("Autologout; idle for too long");
    }

    private boolean commandLine() {
        byte[] line;
        try {
            line = reader.readLine();
        } catch (LineTooLongException e) {
            command.reset();
            bad("*", "Command line too long");
            return true;
        }
        if (line == null) {
            return false;
        }
        command.write(line, 0, line.length);
        long literal = trailingLiteral(line);
        if (literal < 0) {
            byte[] complete = command.toByteArray();
            command.reset();
            execute(complete);
            return true;
        }
        boolean nonSynchronizing = line[line.length - 2] == '+';
        boolean append = ctx.state() != SessionState.NOT_AUTHENTICATED && isAppend(command.toByteArray());
        long cap = ctx.state() == SessionState.NOT_AUTHENTICATED ? ImapLimits.PRE_AUTH_LITERAL
                : append ? ctx.policy().appendLimit() : limits.maxLiteralSize();
        long commandCap = append ? cap + 64 * 1024 : limits.maxCommandSize();
        if (literal > cap || command.size() + literal > commandCap) {
            String tag = tagOf(command.toByteArray());
            command.reset();
            if (nonSynchronizing) {
                // The client is sending the octets anyway; there is no safe way to skip them.
                bye("Literal too large");
            } else if (append) {
                send(tag + " NO [TOOBIG] Message too large");
                metrics.command("APPEND", "no");
            } else {
                bad(tag, "Literal too large");
            }
            return true;
        }
        command.write('\r');
        command.write('\n');
        literalRemaining = literal;
        mode = Mode.LITERAL;
        if (!nonSynchronizing) {
            send("+ Ready for literal data");
        }
        return true;
    }

    private boolean literal() {
        if (literalRemaining > 0) {
            byte[] chunk = reader.readUpTo((int) Math.min(literalRemaining, LITERAL_CHUNK));
            if (chunk.length == 0) {
                return false;
            }
            command.write(chunk, 0, chunk.length);
            literalRemaining -= chunk.length;
        }
        if (literalRemaining == 0) {
            mode = Mode.COMMAND;
        }
        return true;
    }

    private boolean continuationLine() {
        byte[] line;
        try {
            line = reader.readLine();
        } catch (LineTooLongException e) {
            line = "*".getBytes(StandardCharsets.US_ASCII);
        }
        if (line == null) {
            return false;
        }
        Function<String, Completion> next = pendingNext;
        pendingNext = null;
        mode = Mode.COMMAND;
        finish(pendingRequest, next.apply(new String(line, StandardCharsets.US_ASCII)));
        return true;
    }

    private void execute(byte[] line) {
        if (line.length == 0) {
            bad("*", "Empty command line");
            return;
        }
        ArgReader args = new ArgReader(line);
        String tag;
        try {
            tag = args.tag();
        } catch (DecodeException e) {
            bad("*", "Invalid tag");
            return;
        }
        String name;
        try {
            args.sp();
            name = args.atom().toUpperCase(Locale.ROOT);
            if (name.equals("UID")) {
                args.sp();
                name = "UID " + args.atom().toUpperCase(Locale.ROOT);
            }
        } catch (DecodeException e) {
            bad(tag, "Missing or invalid command");
            metrics.command("UNKNOWN", "bad");
            return;
        }
        commandStarted = System.nanoTime();
        if (!rate.tryTake(commandStarted)) {
            send(tag + " NO [LIMIT] Too many commands, slow down");
            metrics.command(commands.knows(name) || name.equals("STARTTLS") ? name : "UNKNOWN", "no");
            return;
        }
        if (name.equals("STARTTLS")) {
            startTls(tag, args);
            return;
        }
        if (!commands.knows(name)) {
            bad(tag, "Unknown command");
            metrics.command("UNKNOWN", "bad");
            return;
        }
        ImapCommands.Decoded decoded;
        try {
            decoded = commands.decode(name, tag, args);
        } catch (DecodeException e) {
            bad(tag, "Invalid arguments: " + e.getMessage());
            metrics.command(name, "bad");
            return;
        }
        finish(decoded.request(), decoded.run().apply(ctx));
    }

    /**
     * STARTTLS (RFC 3501 6.2.1): the OK goes out in clear text, then the handshake starts. Input
     * the client sent after the command was not protected and is discarded.
     */
    private void startTls(String tag, ArgReader args) {
        if (!args.atEnd()) {
            bad(tag, "STARTTLS takes no arguments");
        } else if (ctx.state() != SessionState.NOT_AUTHENTICATED) {
            bad(tag, "Already authenticated");
        } else if (!ctx.canStartTls()) {
            bad(tag, connection.isSecure() ? "TLS is already active" : "STARTTLS is not available");
        } else {
            reader.clear();
            command.reset();
            metrics.command("STARTTLS", "ok");
            connection.startTls((tag + " OK Begin TLS negotiation now\r\n").getBytes(StandardCharsets.US_ASCII));
            return;
        }
        metrics.command("STARTTLS", "bad");
    }

    /** Ends a command: continuation request, or updates, tagged response, metrics and limits. */
    private void finish(ImapRequest request, Completion c) {
        if (c.isContinuation()) {
            pendingRequest = request;
            pendingNext = c.next();
            mode = Mode.CONTINUATION;
            send("+ " + c.prompt());
            return;
        }
        if (ctx.state() == SessionState.SELECTED && c.status() != Completion.Status.BAD) {
            try {
                ctx.selected().refresh(ctx.access(), ctx, request.allowsExpungeResponses());
            } catch (StoreException e) {
                LOG.warnf("%s: mailbox refresh failed: %s", connection.sessionId(), e.getMessage());
            }
        }
        send(c.render(request.tag()));
        metrics.command(request.command(), c.status().name().toLowerCase(Locale.ROOT));
        if (!request.command().equals("IDLE")) {
            metrics.latency(request.command(), System.nanoTime() - commandStarted);
        }
        if (request.command().equals("LOGIN") || request.command().equals("AUTHENTICATE")) {
            countLogin(c);
        }
        if (c.status() == Completion.Status.BAD) {
            countBad();
        }
        if (ctx.state() == SessionState.LOGOUT) {
            close();
        }
    }

    private void countLogin(Completion c) {
        if (c.status() == Completion.Status.OK) {
            metrics.login("success");
        } else if (c.status() == Completion.Status.NO) {
            metrics.login(loginResult(c.code()));
            if (++failedLogins >= limits.maxFailedLogins()) {
                bye("Too many authentication failures");
            }
        }
    }

    private static String loginResult(String code) {
        if (code == null) {
            return "failure";
        }
        return switch (code) {
            case "PRIVACYREQUIRED" -> "tls-required";
            case "LIMIT" -> "limit";
            case "UNAVAILABLE" -> "unavailable"; // a store outage or throttling: both mean "try later"
            default -> "failure";
        };
    }

    private void bad(String tag, String text) {
        send(tag + " BAD " + text);
        countBad();
    }

    private void countBad() {
        if (++badCommands >= limits.maxBadCommands() && mode != Mode.CLOSED) {
            bye("Too many invalid commands");
        }
    }

    private void bye(String text) {
        if (mode != Mode.CLOSED) {
            send("* BYE " + text);
            close();
        }
    }

    private void close() {
        stopIdle();
        ctx.closed();
        mode = Mode.CLOSED;
        reader.clear();
        connection.close();
    }

    private void send(String line) {
        connection.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The n of a line ending in {@code {n}} or {@code {n+}}, or -1. */
    static long trailingLiteral(byte[] line) {
        int end = line.length - 1;
        if (end < 2 || line[end] != '}') {
            return -1;
        }
        int i = end - 1;
        if (line[i] == '+') {
            i--;
        }
        int digitsEnd = i;
        while (i >= 0 && line[i] >= '0' && line[i] <= '9') {
            i--;
        }
        if (i < 0 || line[i] != '{' || i == digitsEnd || digitsEnd - i > 10) {
            return -1;
        }
        return Long.parseLong(new String(line, i + 1, digitsEnd - i, StandardCharsets.US_ASCII));
    }

    /** Whether a partly received command is an APPEND, whose literals may be as large as APPENDLIMIT. */
    private static boolean isAppend(byte[] partial) {
        try {
            ArgReader r = new ArgReader(partial);
            r.tag();
            r.sp();
            return r.atom().equalsIgnoreCase("APPEND");
        } catch (DecodeException e) {
            return false;
        }
    }

    /** The tag of a partly received command, for a BAD before the command is complete. */
    private static String tagOf(byte[] partial) {
        try {
            return new ArgReader(partial).tag();
        } catch (DecodeException e) {
            return "*";
        }
    }
}
