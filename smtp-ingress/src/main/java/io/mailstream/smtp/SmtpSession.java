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

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * One SMTP server session, without sockets: fed bytes, it answers through its {@link Connection}.
 * It keeps two scopes of state, the {@link ConnectionState} and the current {@link Transaction},
 * and is in one {@link InputMode} at a time. Commands are looked up in a {@link CommandRegistry};
 * the end of DATA is handled here because it ends the transaction whatever the outcome.
 *
 * <p>Replies to pipelined commands are collected and written once per chunk of input, and always
 * before anything that may block (storing a message), as RFC 2920 expects.
 */
public final class SmtpSession implements ProtocolHandler {

    private static final Logger LOG = Logger.getLogger(SmtpSession.class);
    /** The MDC key every log line of a session carries. */
    public static final String MDC_SESSION = "sessionId";

    private final Connection connection;
    private final SmtpSettings settings;
    private final CommandRegistry commands;
    private final RecipientPolicy recipientPolicy;
    private final MessageSink sink;
    private final SmtpMetrics metrics;
    private final Clock clock;
    private final ConnectionState state;
    // Lines are limited to the command length; DATA bypasses the line framing (see DataReceiver).
    private final LineReader reader = new LineReader(SmtpSettings.MAX_COMMAND_LINE);
    private final ByteArrayOutputStream pendingReplies = new ByteArrayOutputStream();

    private InputMode mode = InputMode.COMMAND;
    private Transaction transaction;
    private DataReceiver data;
    private int errors;
    private boolean closeAfterReply;
    private boolean opened;
    private boolean closed;

    public SmtpSession(Connection connection, SmtpSettings settings, CommandRegistry commands,
            RecipientPolicy recipientPolicy, MessageSink sink, SmtpMetrics metrics, Clock clock) {
        this.connection = connection;
        this.settings = settings;
        this.commands = commands;
        this.recipientPolicy = recipientPolicy;
        this.sink = sink;
        this.metrics = metrics;
        this.clock = clock;
        this.state = new ConnectionState(connection.sessionId(), connection.remoteAddress(), connection.localPort());
    }

    // ---- ProtocolHandler ------------------------------------------------------------------

    @Override
    public void onConnect() {
        withMdc(() -> {
            opened = true;
            metrics.sessionOpened();
            LOG.debugf("connect from %s", state.clientAddress());
            reply(SmtpReplies.greeting(settings.hostname()));
            flush();
        });
    }

    @Override
    public void onData(byte[] bytes) {
        if (closed) {
            return;
        }
        withMdc(() -> {
            reader.append(bytes);
            process();
            flush();
        });
    }

    @Override
    public void onIdleTimeout(Connection c) {
        if (closed) {
            return;
        }
        withMdc(() -> {
            if (mode == InputMode.DATA) {
                metrics.messageRejected("timeout");
            }
            LOG.infof("timeout after %s from %s", mode, state.clientAddress());
            reply(SmtpReplies.timeout(settings.hostname()));
            close();
        });
    }

    @Override
    public void onClose() {
        withMdc(() -> {
            if (opened) {
                opened = false;
                metrics.sessionClosed();
                LOG.debugf("disconnect from %s", state.clientAddress());
            }
            closed = true;
            // A client gone mid-DATA leaves nothing behind: the bytes were only ever in memory.
            data = null;
            transaction = null;
            reader.clear();
        });
    }

    // ---- what command handlers use --------------------------------------------------------

    public ConnectionState connection() {
        return state;
    }

    public SmtpSettings settings() {
        return settings;
    }

    public RecipientPolicy recipientPolicy() {
        return recipientPolicy;
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
    }

    /** After the 354: the bytes that follow are message text. */
    public void startData() {
        data = new DataReceiver(settings.maxMessageSize(), settings.maxDataLine());
        mode = InputMode.DATA;
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
            if (mode == InputMode.DATA) {
                if (reader.available() == 0) {
                    return;
                }
                byte[] chunk = reader.readUpTo(reader.available());
                int end = data.consume(chunk);
                if (end < 0) {
                    return;
                }
                if (end < chunk.length) {
                    reader.append(Arrays.copyOfRange(chunk, end, chunk.length)); // pipelined after the dot
                }
                finishData();
            } else {
                byte[] line;
                try {
                    line = reader.readRawLine();
                } catch (LineTooLongException e) {
                    reply(SmtpReplies.LINE_TOO_LONG);
                    continue;
                }
                if (line == null) {
                    return;
                }
                command(line);
            }
        }
    }

    private void command(byte[] raw) {
        if (raw.length > SmtpSettings.MAX_COMMAND_LINE) {
            reply(SmtpReplies.LINE_TOO_LONG);
            return;
        }
        int end = raw.length - 1;
        if (end > 0 && raw[end - 1] == '\r') {
            end--;
        }
        for (int i = 0; i < end; i++) {
            int c = raw[i] & 0xff;
            if (c < 32 && c != '\t' || c == 127) {
                reply(SmtpReplies.INVALID_CHARACTER); // NUL, bare CR, escape sequences ...
                return;
            }
        }
        // ISO-8859-1 keeps every byte as one char, so a non-ASCII byte stays visible to the parsers.
        SmtpCommand cmd = SmtpCommand.parse(new String(raw, 0, end, StandardCharsets.ISO_8859_1));
        CommandHandler handler = commands.find(cmd.verb());
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
        reply(r);
    }

    /** CRLF.CRLF seen: refuse the message or make it durable, then end the transaction either way. */
    private void finishData() {
        DataReceiver d = data;
        Transaction t = transaction;
        mode = InputMode.COMMAND;
        resetTransaction();
        SmtpReply refusal = null;
        String reason = null;
        if (d.bareNewline()) {
            refusal = SmtpReplies.BARE_NEWLINE;
            reason = "bare_newline";
        } else if (d.oversized()) {
            refusal = SmtpReplies.MESSAGE_TOO_BIG;
            reason = "size";
        } else if (d.lineTooLong()) {
            refusal = SmtpReplies.DATA_LINE_TOO_LONG;
            reason = "line_too_long";
        }
        if (refusal != null) {
            metrics.messageRejected(reason);
            LOG.infof("reject from=<%s> size=%d: %s", t.sender(), d.size(), refusal);
            reply(refusal);
            return;
        }
        flush(); // nothing the client is owed may wait behind the store and the broker
        String queueId = QueueIds.next();
        Instant now = clock.instant();
        byte[] received = ReceivedHeader.build(state, settings.hostname(), queueId, t.recipients(),
                ZonedDateTime.ofInstant(now, clock.getZone()));
        byte[] body = d.content();
        byte[] message = new byte[received.length + body.length];
        System.arraycopy(received, 0, message, 0, received.length);
        System.arraycopy(body, 0, message, received.length, body.length);
        try {
            sink.accept(new IncomingMessage(queueId, t.envelope(), message, state.clientAddress(), state.heloName(),
                    now));
        } catch (MessageSinkException | RuntimeException e) {
            metrics.messageRejected("temporary_failure");
            LOG.warnf(e, "%s: could not queue: %s", queueId, e.getMessage());
            reply(SmtpReplies.QUEUE_FAILURE);
            return;
        }
        metrics.messageAccepted(message.length);
        LOG.infof("%s: accepted from=<%s> nrcpt=%d size=%d", queueId, t.sender(), t.recipientCount(), message.length);
        reply(SmtpReplies.queued(queueId));
    }

    // ---- output ---------------------------------------------------------------------------

    private void reply(SmtpReply r) {
        pendingReplies.writeBytes(r.toWire().getBytes(StandardCharsets.UTF_8));
        if (r.isPermanentFailure() && ++errors >= settings.maxErrors()) {
            LOG.infof("too many errors from %s", state.clientAddress());
            pendingReplies.writeBytes(SmtpReplies.tooManyErrors(settings.hostname()).toWire()
                    .getBytes(StandardCharsets.UTF_8));
            close();
        } else if (closeAfterReply) {
            close();
        }
    }

    private void flush() {
        if (pendingReplies.size() > 0) {
            connection.write(pendingReplies.toByteArray());
            pendingReplies.reset();
        }
    }

    private void close() {
        flush();
        closed = true;
        mode = InputMode.COMMAND;
        resetTransaction();
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
