package io.mailstream.smtp;

import io.mailstream.net.Connection;
import io.mailstream.net.LineReader;
import io.mailstream.net.LineTooLongException;
import io.mailstream.net.ProtocolHandler;
import io.mailstream.smtp.command.CommandHandler;
import io.mailstream.smtp.command.CommandRegistry;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * One SMTP server session, without sockets: fed bytes, it answers through its {@link Connection}.
 * It keeps two scopes of state, the {@link ConnectionState} and the current {@link Transaction},
 * and is in one {@link InputMode} at a time. Commands are looked up in a {@link CommandRegistry};
 * what spans several reads (DATA text, BDAT chunks, SASL responses, the STARTTLS handshake) is
 * handled here.
 *
 * <p>Replies to pipelined commands are collected and written once per chunk of input, and always
 * before anything that may block (storing a message), as RFC 2920 expects. A client that sends
 * more after a command that must end a pipelined group (EHLO, HELO, DATA, AUTH), or talks before
 * the greeting, is answered 554 5.5.0 and disconnected, as Postfix does; bytes sent behind
 * STARTTLS are dropped unread.
 *
 * <p>Entry points are synchronized: the listener calls them one at a time, but a delayed
 * greeting arrives from a timer.
 */
public final class SmtpSession implements ProtocolHandler {

    private static final Logger LOG = Logger.getLogger(SmtpSession.class);
    /** The MDC key every log line of a session carries. */
    public static final String MDC_SESSION = "sessionId";
    /** RFC 2920 §3.1 (and RFC 4954 for AUTH): nothing may follow these in the same pipelined group. */
    private static final Set<String> LAST_IN_GROUP = Set.of("EHLO", "HELO", "DATA", "AUTH");

    private final Connection connection;
    private final SessionServices services;
    private final SmtpSettings settings;
    private final SmtpMetrics metrics;
    private final ConnectionState state;
    private final CredentialCheck credentials;
    // Long enough for AUTH lines (RFC 4954); other command lines are held to 512 in command().
    private final LineReader reader = new LineReader(SmtpSettings.MAX_AUTH_LINE);
    private final ByteArrayOutputStream pendingReplies = new ByteArrayOutputStream();

    private InputMode mode = InputMode.COMMAND;
    private Transaction transaction;
    private DataReceiver data;
    private BdatReceiver chunks;
    private long chunkRemaining;
    private long chunkSize;
    private boolean chunkLast;
    private SmtpReply chunkRefusal;
    private SaslExchange sasl;
    private long textStartedMillis;
    private long textOctets;
    private boolean tlsRequested;
    private int errors;
    private boolean closeAfterReply;
    private boolean opened;
    private boolean greeted;
    private boolean holdsClientSlot;
    private boolean closed;
    private boolean draining;

    public SmtpSession(Connection connection, SessionServices services) {
        this.connection = connection;
        this.services = services;
        this.settings = services.settings();
        this.metrics = services.metrics();
        this.state = new ConnectionState(connection.sessionId(), connection.remoteAddress(), connection.localPort(),
                services.listener());
        this.credentials = new CredentialCheck(services.passwords(), metrics);
    }

    /** An MX session without AUTH, greeting delay or per-client limit. */
    public SmtpSession(Connection connection, SmtpSettings settings, CommandRegistry commands,
            RecipientPolicy recipientPolicy, MessageSink sink, SmtpMetrics metrics, Clock clock) {
        this(connection, SessionServices.mx(settings, commands, recipientPolicy, sink, metrics, clock));
    }

    // ---- ProtocolHandler ------------------------------------------------------------------

    @Override
    public synchronized void onConnect() {
        withMdc(() -> {
            opened = true;
            metrics.sessionOpened(services.listener().name());
            if (connection.isSecure()) {
                state.secured();
                metrics.tlsHandshake("implicit");
            }
            LOG.debugf("connect from %s to %s", state.clientAddress(), services.listener().name());
            if (!services.limiter().tryAcquire(state.clientAddress())) {
                metrics.limitHit("connections_per_ip");
                LOG.infof("too many connections from %s", state.clientAddress());
                replyAndClose(SmtpReplies.tooManyFromClient(settings.hostname(), state.clientAddress()));
                return;
            }
            holdsClientSlot = true;
            if (settings.greetingDelay().isZero()) {
                greet();
            } else {
                services.greetingTimer().schedule(settings.greetingDelay(), this::greetingDue);
            }
        });
    }

    @Override
    public synchronized void onData(byte[] bytes) {
        if (closed) {
            return;
        }
        withMdc(() -> {
            if (!greeted) {
                // The client did not wait for the 220: a bot, or a sender not speaking SMTP.
                metrics.limitHit("pregreet");
                LOG.infof("%s sent %d octets before the greeting", state.clientAddress(), bytes.length);
                replyAndClose(SmtpReplies.SYNC_ERROR);
                return;
            }
            if (mode == InputMode.TLS_PENDING) {
                LOG.debugf("dropping %d plain-text octets sent before the TLS handshake", bytes.length);
                return;
            }
            reader.append(bytes);
            process();
            flush();
        });
    }

    @Override
    public synchronized void onTlsStarted() {
        if (closed || mode != InputMode.TLS_PENDING) {
            return;
        }
        withMdc(() -> {
            reader.clear();
            state.secured();
            mode = InputMode.COMMAND;
            metrics.tlsHandshake("success");
            LOG.debugf("TLS started with %s", state.clientAddress());
        });
    }

    @Override
    public synchronized void onIdleTimeout(Connection c) {
        if (closed) {
            return;
        }
        withMdc(() -> {
            if (mode == InputMode.DATA || mode == InputMode.CHUNK) {
                metrics.messageRejected("timeout");
            }
            metrics.limitHit("idle_timeout");
            LOG.infof("timeout after %s from %s", mode, state.clientAddress());
            replyAndClose(SmtpReplies.timeout(settings.hostname()));
        });
    }

    /**
     * The listener drains (shutdown). A client waiting for a command is told 421 4.3.2 at once;
     * one in the middle of message text (or a SASL exchange, or a TLS handshake) finishes it and
     * gets its reply, then 421 4.3.2 for whatever it sends next.
     */
    @Override
    public synchronized void onDrain(Connection c) {
        if (closed) {
            return;
        }
        withMdc(() -> {
            draining = true;
            if (mode == InputMode.COMMAND) {
                LOG.infof("shutting down: closing the session with %s", state.clientAddress());
                replyAndClose(SmtpReplies.shuttingDown(settings.hostname()));
            }
        });
    }

    @Override
    public synchronized void onClose() {
        withMdc(() -> {
            if (mode == InputMode.TLS_PENDING) {
                metrics.tlsHandshake("failure");
            }
            if (holdsClientSlot) {
                holdsClientSlot = false;
                services.limiter().release(state.clientAddress());
            }
            if (opened) {
                opened = false;
                metrics.sessionClosed();
                LOG.debugf("disconnect from %s", state.clientAddress());
            }
            closed = true;
            // A client gone mid-DATA or mid-BDAT leaves nothing behind: the bytes were only ever in memory.
            resetTransaction();
            sasl = null;
            reader.clear();
        });
    }

    private synchronized void greetingDue() {
        if (!closed && !greeted) {
            withMdc(() -> {
                greet();
                flush();
            });
        }
    }

    private void greet() {
        greeted = true;
        reply(SmtpReplies.greeting(settings.hostname()));
        flush();
    }

    // ---- what command handlers use --------------------------------------------------------

    public ConnectionState connection() {
        return state;
    }

    public SmtpSettings settings() {
        return settings;
    }

    public ListenerPolicy listener() {
        return services.listener();
    }

    public RecipientPolicy recipientPolicy() {
        return services.recipientPolicy();
    }

    public SenderPolicy senderPolicy() {
        return services.senderPolicy();
    }

    public SmtpMetrics metrics() {
        return metrics;
    }

    /** The open mail transaction, or null between transactions. */
    public Transaction transaction() {
        return transaction;
    }

    public InputMode mode() {
        return mode;
    }

    /** EHLO/HELO: record the client's name and start over (RFC 5321 §4.1.4). */
    public void greet(String heloName, boolean esmtp) {
        state.greet(heloName, esmtp);
        resetTransaction();
    }

    public void beginTransaction(Transaction t) {
        this.transaction = t;
    }

    public void resetTransaction() {
        transaction = null;
        data = null;
        chunks = null;
    }

    /** After the 354: the bytes that follow are message text. */
    public void startData() {
        data = new DataReceiver(settings.maxMessageSize(), settings.maxDataLine());
        mode = InputMode.DATA;
        startTextDeadline();
    }

    /**
     * BDAT: the next {@code size} octets are a chunk. With a {@code refusal} they are read and
     * dropped and the refusal is the reply (RFC 3030 §3: the chunk is always consumed); otherwise
     * they join the message, and the reply comes once the chunk is complete.
     */
    public void receiveChunk(long size, boolean last, SmtpReply refusal) {
        chunkRemaining = size;
        chunkSize = size;
        chunkLast = last;
        chunkRefusal = refusal;
        if (refusal == null) {
            if (chunks == null) {
                chunks = new BdatReceiver(settings.maxMessageSize(), settings.maxDataLine());
            }
            transaction.markChunked();
        }
        mode = InputMode.CHUNK;
        startTextDeadline();
    }

    /** STARTTLS may be offered: the listener has a certificate and TLS is not on yet. */
    public boolean canStartTls() {
        return !state.secure() && connection.canStartTls();
    }

    /** STARTTLS accepted: once its reply is out, the handshake starts and the session begins anew. */
    public void requestTls() {
        tlsRequested = true;
    }

    /** AUTH may be offered and accepted: under TLS, or from loopback when so configured. */
    public boolean authAllowed() {
        return state.secure() || settings.plaintextLoopbackAuth() && state.loopback();
    }

    /** Goes on with a SASL exchange: a 334 challenge (and SASL input mode), or the outcome of AUTH. */
    public SmtpReply saslStep(SaslExchange exchange, SaslExchange.Step step) {
        if (step instanceof SaslExchange.Challenge c) {
            sasl = exchange;
            mode = InputMode.SASL;
            return SmtpReplies.challenge(Base64.getEncoder().encodeToString(c.text().getBytes(StandardCharsets.UTF_8)));
        }
        sasl = null;
        mode = InputMode.COMMAND;
        if (step instanceof SaslExchange.Credentials c) {
            return credentials.check(c, state);
        }
        metrics.auth("malformed");
        return SmtpReplies.AUTH_MALFORMED;
    }

    /** Send the reply, then close (QUIT). */
    public void closeAfterReply() {
        closeAfterReply = true;
    }

    public boolean isClosed() {
        return closed;
    }

    // ---- input ----------------------------------------------------------------------------

    private void process() {
        while (!closed) {
            switch (mode) {
                case DATA -> {
                    if (!readData()) {
                        return;
                    }
                }
                case CHUNK -> {
                    if (!readChunk()) {
                        return;
                    }
                }
                case TLS_PENDING -> {
                    reader.clear();
                    return;
                }
                default -> {
                    byte[] line;
                    try {
                        line = reader.readRawLine();
                    } catch (LineTooLongException e) {
                        metrics.limitHit("command_line");
                        if (mode == InputMode.SASL) {
                            sasl = null;
                            mode = InputMode.COMMAND;
                        }
                        reply(SmtpReplies.LINE_TOO_LONG);
                        continue;
                    }
                    if (line == null) {
                        return;
                    }
                    if (mode == InputMode.SASL) {
                        saslResponse(line);
                    } else {
                        command(line);
                    }
                }
            }
        }
    }

    private void startTextDeadline() {
        textStartedMillis = services.clock().millis();
        textOctets = 0;
    }

    /**
     * Message text must keep coming: within {@code dataTimeout} plus one second per
     * {@code minDataRate} octets received. A client dripping bytes to hold the session open
     * (slowloris) is answered 421 4.4.2 and disconnected; the partial message is dropped.
     */
    private boolean textTooSlow(int received) {
        textOctets += received;
        long allowed = settings.dataTimeout().toMillis() + textOctets * 1000 / settings.minDataRate();
        if (services.clock().millis() - textStartedMillis <= allowed) {
            return false;
        }
        metrics.limitHit("data_rate");
        metrics.messageRejected("timeout");
        LOG.infof("%s too slow: %d octets of message text in %d ms", state.clientAddress(), textOctets,
                services.clock().millis() - textStartedMillis);
        replyAndClose(SmtpReplies.timeout(settings.hostname()));
        return true;
    }

    /** True when the end of data was reached and handled. */
    private boolean readData() {
        if (reader.available() == 0) {
            return false;
        }
        byte[] chunk = reader.readUpTo(reader.available());
        if (textTooSlow(chunk.length)) {
            return false;
        }
        int end = data.consume(chunk);
        if (end < 0) {
            return false;
        }
        if (end < chunk.length) {
            reader.append(Arrays.copyOfRange(chunk, end, chunk.length)); // pipelined after the dot
        }
        mode = InputMode.COMMAND;
        DataReceiver d = data;
        finishMessage(d.size(), d.bareNewline(), d.oversized(), d.lineTooLong(), d::content);
        return true;
    }

    /** True when the chunk is complete and answered. */
    private boolean readChunk() {
        if (chunkRemaining > 0) {
            if (reader.available() == 0) {
                return false;
            }
            byte[] part = reader.readUpTo((int) Math.min(chunkRemaining, reader.available()));
            if (textTooSlow(part.length)) {
                return false;
            }
            chunkRemaining -= part.length;
            if (chunkRefusal == null) {
                chunks.consume(part);
            }
            if (chunkRemaining > 0) {
                return false;
            }
        }
        mode = InputMode.COMMAND;
        if (chunkRefusal != null) {
            reply(chunkRefusal);
        } else if (chunks.oversized()) {
            // Refuse as soon as the limit is passed; later chunks of this message find no transaction.
            metrics.messageRejected("size");
            metrics.limitHit("message_size");
            LOG.infof("reject from=<%s>: BDAT over %d octets", transaction.sender(), settings.maxMessageSize());
            resetTransaction();
            reply(SmtpReplies.MESSAGE_TOO_BIG);
        } else if (!chunkLast) {
            reply(SmtpReplies.chunkReceived(chunkSize));
        } else {
            BdatReceiver c = chunks;
            c.finish();
            finishMessage(c.size(), c.bareNewline(), c.oversized(), c.lineTooLong(), c::content);
        }
        return true;
    }

    private void command(byte[] raw) {
        if (draining) {
            LOG.infof("shutting down: closing the session with %s after its last reply", state.clientAddress());
            replyAndClose(SmtpReplies.shuttingDown(settings.hostname()));
            return;
        }
        boolean authLine = raw.length > 5 && new String(raw, 0, 5, StandardCharsets.ISO_8859_1).equalsIgnoreCase("AUTH ");
        if (raw.length > (authLine ? SmtpSettings.MAX_AUTH_LINE : SmtpSettings.MAX_COMMAND_LINE)) {
            metrics.limitHit("command_line");
            reply(SmtpReplies.LINE_TOO_LONG);
            return;
        }
        int end = lineEnd(raw);
        for (int i = 0; i < end; i++) {
            int c = raw[i] & 0xff;
            if (c < 32 && c != '\t' || c == 127) {
                reply(SmtpReplies.INVALID_CHARACTER); // NUL, bare CR, escape sequences ...
                return;
            }
        }
        // ISO-8859-1 keeps every byte as one char, so a non-ASCII byte stays visible to the parsers.
        SmtpCommand cmd = SmtpCommand.parse(new String(raw, 0, end, StandardCharsets.ISO_8859_1));
        CommandHandler handler = services.commands().find(cmd.verb());
        if (handler == null) {
            reply(SmtpReplies.UNRECOGNIZED);
            return;
        }
        SmtpReply r = metrics.timeCommand(cmd.verb(), () -> {
            try {
                return handler.handle(this, cmd);
            } catch (SmtpRejection e) {
                return e.reply();
            }
        });
        LOG.tracef("%s -> %s", cmd.verb(), r);
        if (tlsRequested) {
            startTls(r);
            return;
        }
        if (r != null) { // null: BDAT answers once its chunk is read
            reply(r);
        }
        if (!closed && LAST_IN_GROUP.contains(cmd.verb()) && reader.available() > 0) {
            synchronizationError(cmd.verb());
        }
    }

    private void saslResponse(byte[] raw) {
        String line = new String(raw, 0, lineEnd(raw), StandardCharsets.ISO_8859_1);
        SaslExchange exchange = sasl;
        if (line.equals("*")) {
            sasl = null;
            mode = InputMode.COMMAND;
            metrics.auth("cancelled");
            reply(SmtpReplies.AUTH_CANCELLED);
            return;
        }
        byte[] decoded = decodeBase64(line);
        if (decoded == null) {
            sasl = null;
            mode = InputMode.COMMAND;
            metrics.auth("malformed");
            reply(SmtpReplies.AUTH_BAD_BASE64);
            return;
        }
        reply(saslStep(exchange, exchange.respond(decoded)));
    }

    /** Strict base64 (RFC 4648, padding optional); null if anything else. */
    public static byte[] decodeBase64(String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * STARTTLS accepted (RFC 3207 §4.2): the 220 goes out in plain text, then the handshake.
     * Whatever the client sent behind STARTTLS is dropped unread (CVE-2011-0411), and so is every
     * byte until the handshake is done; the client must start again with EHLO.
     */
    private void startTls(SmtpReply ready) {
        tlsRequested = false;
        flush();
        if (reader.available() > 0) {
            metrics.limitHit("pipelining");
            LOG.infof("dropping %d octets pipelined after STARTTLS by %s", reader.available(), state.clientAddress());
        }
        reader.clear();
        resetTransaction();
        sasl = null;
        state.resetForTls();
        mode = InputMode.TLS_PENDING;
        connection.startTls(ready.toWire().getBytes(StandardCharsets.US_ASCII));
    }

    private void synchronizationError(String verb) {
        metrics.limitHit("pipelining");
        LOG.infof("%s pipelined %d octets after %s", state.clientAddress(), reader.available(), verb);
        replyAndClose(SmtpReplies.SYNC_ERROR);
    }

    /** End of DATA or BDAT LAST: refuse the message or make it durable, then end the transaction either way. */
    private void finishMessage(long size, boolean bareNewline, boolean oversized, boolean lineTooLong,
            java.util.function.Supplier<byte[]> content) {
        Transaction t = transaction;
        resetTransaction();
        SmtpReply refusal = null;
        String reason = null;
        if (bareNewline) {
            refusal = SmtpReplies.BARE_NEWLINE;
            reason = "bare_newline";
        } else if (oversized) {
            refusal = SmtpReplies.MESSAGE_TOO_BIG;
            reason = "size";
            metrics.limitHit("message_size");
        } else if (lineTooLong) {
            refusal = SmtpReplies.DATA_LINE_TOO_LONG;
            reason = "line_too_long";
        }
        if (refusal != null) {
            metrics.messageRejected(reason);
            LOG.infof("reject from=<%s> size=%d: %s", t.sender(), size, refusal);
            reply(refusal);
            return;
        }
        flush(); // nothing the client is owed may wait behind the store and the broker
        long textEnded = System.nanoTime();
        String queueId = QueueIds.next();
        Clock clock = services.clock();
        Instant now = clock.instant();
        byte[] received = ReceivedHeader.build(state, settings.hostname(), queueId, t.recipients(),
                ZonedDateTime.ofInstant(now, clock.getZone()), ReceivedHeader.protocol(state, t.smtpUtf8()));
        byte[] body = content.get();
        byte[] message = new byte[received.length + body.length];
        System.arraycopy(received, 0, message, 0, received.length);
        System.arraycopy(body, 0, message, received.length, body.length);
        try {
            services.sink().accept(new IncomingMessage(queueId, t.envelope(), message, state.clientAddress(),
                    state.heloName(), now, state.authUser(), t.options(), t.recipientDsn()));
        } catch (MessageSinkException | RuntimeException e) {
            metrics.messageRejected("temporary_failure");
            LOG.warnf(e, "%s: could not queue: %s", queueId, e.getMessage());
            reply(SmtpReplies.QUEUE_FAILURE);
            return;
        }
        metrics.messageAccepted(message.length, t.recipientCount(), System.nanoTime() - textEnded);
        LOG.infof("%s: accepted from=<%s> nrcpt=%d size=%d%s", queueId, t.sender(), t.recipientCount(),
                message.length, state.authenticated() ? " sasl_username=" + state.authUser() : "");
        reply(SmtpReplies.queued(queueId));
    }

    private static int lineEnd(byte[] raw) {
        int end = raw.length - 1;
        if (end > 0 && raw[end - 1] == '\r') {
            end--;
        }
        return end;
    }

    // ---- output ---------------------------------------------------------------------------

    private void reply(SmtpReply r) {
        pendingReplies.writeBytes(r.toWire().getBytes(StandardCharsets.UTF_8));
        if (r.isPermanentFailure() && ++errors >= settings.maxErrors()) {
            metrics.limitHit("errors");
            LOG.infof("too many errors from %s", state.clientAddress());
            replyAndClose(SmtpReplies.tooManyErrors(settings.hostname()));
        } else if (closeAfterReply) {
            close();
        }
    }

    /** A last word, not counted as a client error, then disconnect. */
    private void replyAndClose(SmtpReply r) {
        pendingReplies.writeBytes(r.toWire().getBytes(StandardCharsets.UTF_8));
        close();
    }

    private void flush() {
        if (pendingReplies.size() > 0) {
            connection.write(pendingReplies.toByteArray());
            pendingReplies.reset();
        }
    }

    private void close() {
        if (closed) {
            return;
        }
        flush();
        closed = true;
        mode = InputMode.COMMAND;
        resetTransaction();
        sasl = null;
        reader.clear();
        connection.close();
    }

    private void withMdc(Runnable r) {
        MDC.put(MDC_SESSION, state.sessionId());
        try {
            r.run();
        } finally {
            MDC.remove(MDC_SESSION);
        }
    }
}
