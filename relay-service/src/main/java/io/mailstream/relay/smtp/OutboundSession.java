package io.mailstream.relay.smtp;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SNIHostName;

/**
 * One SMTP connection to one server [Postfix smtp_proto]: greeting, EHLO (HELO when EHLO is
 * refused), STARTTLS, and mail transactions with per-recipient replies. Reads are bounded by
 * {@link ReplyReader}; writes are bounded by a watchdog that closes the socket when one write
 * stalls longer than its timeout. Not thread-safe.
 */
public final class OutboundSession implements Closeable {

    /** Body bytes per write; the data-block timeout applies to each. */
    private static final int BLOCK = 64 * 1024;

    private final String serverName;
    private final ClientSettings settings;
    private final ScheduledExecutorService watchdog;
    private Socket socket;
    private ReplyReader reader;
    private OutputStream out;
    private Extensions extensions = Extensions.NONE;
    private boolean secure;
    private boolean dataCommitted;
    private int messages;

    private OutboundSession(String serverName, ClientSettings settings, ScheduledExecutorService watchdog) {
        this.serverName = serverName;
        this.settings = settings;
        this.watchdog = watchdog;
    }

    /** Connects; the caller reads the greeting next. */
    static OutboundSession open(InetSocketAddress address, String serverName, ClientSettings settings,
            ScheduledExecutorService watchdog) throws IOException {
        OutboundSession session = new OutboundSession(serverName, settings, watchdog);
        Socket socket = new Socket();
        try {
            socket.connect(address, (int) settings.timeouts().connect().toMillis());
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        session.attach(socket);
        return session;
    }

    private void attach(Socket s) throws IOException {
        this.socket = s;
        this.reader = new ReplyReader(s, s.getInputStream(), settings.maxReplyLine(), settings.maxReplyLines());
        this.out = new BufferedOutputStream(s.getOutputStream(), BLOCK);
    }

    public SmtpReply greeting() throws IOException {
        return reader.read(settings.timeouts().greeting());
    }

    /** EHLO, falling back to HELO when the server does not know EHLO (a 5xx reply). */
    public SmtpReply hello() throws IOException {
        SmtpReply ehlo = command("EHLO " + settings.heloName(), settings.timeouts().command());
        if (ehlo.isPositive()) {
            extensions = Extensions.parse(ehlo);
            return ehlo;
        }
        extensions = Extensions.NONE;
        if (ehlo.category() != 5) {
            return ehlo;
        }
        return command("HELO " + settings.heloName(), settings.timeouts().command());
    }

    public Extensions extensions() {
        return extensions;
    }

    public boolean isSecure() {
        return secure;
    }

    /**
     * STARTTLS (RFC 3207). Returns the server's reply; on 220 the handshake follows, anything the
     * server sent after its 220 is discarded, and EHLO must be sent again.
     */
    public SmtpReply startTls(SSLContext context) throws IOException {
        SmtpReply reply = command("STARTTLS", settings.timeouts().command());
        if (reply.code() != 220) {
            return reply;
        }
        reader.discardBuffered();
        InetSocketAddress peer = (InetSocketAddress) socket.getRemoteSocketAddress();
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, peer.getHostString(),
                peer.getPort(), true);
        tls.setUseClientMode(true);
        SSLParameters params = tls.getSSLParameters();
        try {
            params.setServerNames(List.of(new SNIHostName(serverName)));
        } catch (IllegalArgumentException notAHostName) {
            // an address literal or odd name: no SNI
        }
        tls.setSSLParameters(params);
        tls.setSoTimeout((int) settings.timeouts().command().toMillis());
        tls.startHandshake();
        attach(tls);
        secure = true;
        extensions = Extensions.NONE;
        return reply;
    }

    /**
     * AUTH with PLAIN, or LOGIN when the server offers only that (RFC 4954). Returns the final
     * reply, 235 on success; a synthetic 530 when the session is not encrypted or no mechanism fits.
     */
    public SmtpReply authenticate(Credentials credentials) throws IOException {
        if (!secure) {
            return SmtpReply.local(530, "5.7.0", "refusing to send a password over an unencrypted connection");
        }
        String offered = " " + extensions.keywords().getOrDefault("AUTH", "").toUpperCase(java.util.Locale.ROOT) + " ";
        java.util.Base64.Encoder b64 = java.util.Base64.getEncoder();
        if (offered.contains(" PLAIN ")) {
            String token = b64.encodeToString(("\0" + credentials.username() + "\0" + credentials.password())
                    .getBytes(StandardCharsets.UTF_8));
            return command("AUTH PLAIN " + token, settings.timeouts().command());
        }
        if (offered.contains(" LOGIN ")) {
            SmtpReply r = command("AUTH LOGIN", settings.timeouts().command());
            if (r.code() == 334) {
                r = command(b64.encodeToString(credentials.username().getBytes(StandardCharsets.UTF_8)),
                        settings.timeouts().command());
            }
            if (r.code() == 334) {
                r = command(b64.encodeToString(credentials.password().getBytes(StandardCharsets.UTF_8)),
                        settings.timeouts().command());
            }
            return r;
        }
        return SmtpReply.local(530, "5.7.0", "the server offers no AUTH mechanism we use (PLAIN, LOGIN)");
    }

    /**
     * One mail transaction. Returns the reply that decides each recipient: its RCPT reply when
     * that was not positive, else the reply to the end of data (or to MAIL / DATA when those
     * failed). {@code wire} is the message from {@link DataWriter#encode}. With PIPELINING, MAIL, every RCPT and DATA go in one write (RFC 2920).
     */
    public Map<String, SmtpReply> send(OutboundEnvelope envelope, byte[] wire, boolean eightBit, boolean smtpUtf8)
            throws IOException {
        List<String> recipients = envelope.recipients();
        boolean dsn = extensions.has("DSN");
        StringBuilder mail = new StringBuilder("MAIL FROM:<").append(envelope.sender()).append('>');
        if (extensions.has("SIZE")) {
            mail.append(" SIZE=").append(DataWriter.size(wire));
        }
        if (eightBit && extensions.has("8BITMIME")) {
            mail.append(" BODY=8BITMIME");
        }
        if (smtpUtf8) {
            mail.append(" SMTPUTF8");
        }
        if (dsn && envelope.ret() != null) {
            mail.append(" RET=").append(envelope.ret());
        }
        if (dsn && envelope.envid() != null) {
            mail.append(" ENVID=").append(envelope.envid());
        }
        Map<String, SmtpReply> results = new LinkedHashMap<>();
        boolean pipelining = extensions.has("PIPELINING");
        if (pipelining) {
            StringBuilder batch = new StringBuilder(mail).append("\r\n");
            recipients.forEach(r -> batch.append(rcpt(r, envelope, dsn)));
            batch.append("DATA\r\n");
            write(batch.toString().getBytes(StandardCharsets.UTF_8), settings.timeouts().command());
        } else {
            write((mail + "\r\n").getBytes(StandardCharsets.UTF_8), settings.timeouts().command());
        }
        SmtpReply mailReply = reader.read(settings.timeouts().mail());
        if (!mailReply.isPositive() && !pipelining) {
            recipients.forEach(r -> results.put(r, mailReply));
            return results;
        }
        for (String r : recipients) {
            if (!pipelining) {
                write(rcpt(r, envelope, dsn).getBytes(StandardCharsets.UTF_8), settings.timeouts().command());
            }
            SmtpReply rcpt = reader.read(settings.timeouts().rcpt());
            results.put(r, mailReply.isPositive() ? rcpt : mailReply);
        }
        boolean anyAccepted = mailReply.isPositive() && results.values().stream().anyMatch(SmtpReply::isPositive);
        SmtpReply dataReply;
        if (pipelining) {
            dataReply = reader.read(settings.timeouts().dataInit());
        } else if (anyAccepted) {
            write("DATA\r\n".getBytes(StandardCharsets.US_ASCII), settings.timeouts().command());
            dataReply = reader.read(settings.timeouts().dataInit());
        } else {
            return results;
        }
        if (dataReply.code() != 354) {
            if (anyAccepted) {
                results.replaceAll((r, reply) -> reply.isPositive() ? dataReply : reply);
            }
            return results;
        }
        if (!anyAccepted) {
            // RFC 2920 §3.1: DATA was accepted although no recipient was; end it with an empty message.
            write(".\r\n".getBytes(StandardCharsets.US_ASCII), settings.timeouts().dataBlock());
            reader.read(settings.timeouts().dataTermination());
            return results;
        }
        dataCommitted = true;
        write(wire, settings.timeouts().dataBlock());
        SmtpReply end = reader.read(settings.timeouts().dataTermination());
        results.replaceAll((r, reply) -> reply.isPositive() ? end : reply);
        dataCommitted = false;
        return results;
    }

    /** RCPT TO with NOTIFY and ORCPT when the server takes DSN parameters. */
    private static String rcpt(String recipient, OutboundEnvelope envelope, boolean dsn) {
        StringBuilder line = new StringBuilder("RCPT TO:<").append(recipient).append('>');
        OutboundEnvelope.RecipientDsn params = envelope.dsn().get(recipient);
        if (dsn && params != null) {
            if (params.notifyOn() != null) {
                line.append(" NOTIFY=").append(params.notifyOn());
            }
            if (params.orcpt() != null) {
                line.append(" ORCPT=").append(params.orcpt());
            }
        }
        return line.append("\r\n").toString();
    }

    /**
     * True while the message was sent but its final reply not read: a failure now may mean the
     * server has the message, so it is deferred rather than tried at the next host at once.
     */
    public boolean dataCommitted() {
        return dataCommitted;
    }

    /** RSET before reusing the connection for another message; also proves it is still alive. */
    SmtpReply reset() throws IOException {
        messages++;
        return command("RSET", settings.timeouts().command());
    }

    /** How many transactions this connection carried after its first. */
    int reuses() {
        return messages;
    }

    /** QUIT, best effort: the mail is already decided. */
    public void quit() {
        try {
            command("QUIT", Duration.ofSeconds(5));
        } catch (IOException ignored) {
            // the server hung up first; nothing is lost
        }
    }

    private SmtpReply command(String line, Duration timeout) throws IOException {
        write((line + "\r\n").getBytes(StandardCharsets.UTF_8), settings.timeouts().command());
        return reader.read(timeout);
    }

    /** Writes in blocks; a block that does not leave within {@code timeout} closes the socket. */
    private void write(byte[] bytes, Duration timeout) throws IOException {
        for (int off = 0; off < bytes.length; off += BLOCK) {
            int len = Math.min(BLOCK, bytes.length - off);
            Socket s = socket;
            ScheduledFuture<?> alarm = watchdog.schedule(() -> closeQuietly(s), timeout.toMillis(),
                    TimeUnit.MILLISECONDS);
            try {
                out.write(bytes, off, len);
                out.flush();
            } finally {
                alarm.cancel(false);
            }
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }
}
