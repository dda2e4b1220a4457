package io.mailstream.relay.smtp;

import io.mailstream.relay.dns.MxHost;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.jboss.logging.Logger;

/**
 * Delivers one message to one destination [Postfix smtp]: tries the MX hosts and their addresses
 * in order until one server takes the transaction. A refused or failed connection, a greeting or
 * EHLO that is not positive, a required TLS that is missing, or a malformed reply moves on to the
 * next address; once a transaction happened its replies decide. A connection that worked is kept
 * for a moment (a {@link SessionCache}) and reused, after RSET, for the next message to the same
 * server. Returns one reply per recipient,
 * synthetic where no server answered for it. Blocking: call it from a worker thread.
 */
public final class SmtpClient implements AutoCloseable {

    /**
     * What one delivery attempt did. {@code server} is the last server tried, {@code mx.name[ip]:port};
     * {@code dsnPassedOn} is true when that server took the DSN parameters (it reports success itself).
     */
    public record Attempt(Map<String, SmtpReply> replies, String server, boolean tls, boolean dsnPassedOn) {
        public Attempt {
            replies = Map.copyOf(replies);
        }

        public Attempt(Map<String, SmtpReply> replies, String server, boolean tls) {
            this(replies, server, tls, false);
        }
    }

    private static final Logger LOG = Logger.getLogger(SmtpClient.class);

    private final ClientSettings settings;
    private final SSLContext trustAll;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "smtp-client-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final SessionCache cache;

    public SmtpClient(ClientSettings settings) {
        this.settings = settings;
        this.trustAll = trustAllContext();
        this.cache = new SessionCache(settings.connectionCacheTime(), settings.maxMessagesPerConnection(), watchdog);
    }

    public Attempt deliver(String domain, List<MxHost> hosts, String sender, List<String> recipients, byte[] message) {
        return deliver(domain, hosts, OutboundEnvelope.of(sender, recipients), message);
    }

    public Attempt deliver(String domain, List<MxHost> hosts, OutboundEnvelope envelope, byte[] message) {
        return deliver(domain, hosts, envelope, message, null);
    }

    /**
     * With {@code credentials}, the hosts are a relay host (smarthost) that wants AUTH: TLS is
     * then required whatever the domain's policy, so the password never travels in plaintext.
     */
    public Attempt deliver(String domain, List<MxHost> hosts, OutboundEnvelope envelope, byte[] message,
            Credentials credentials) {
        List<String> recipients = envelope.recipients();
        TlsPolicy policy = credentials != null ? TlsPolicy.ENCRYPT : settings.tlsPolicy(domain);
        SmtpReply failure = SmtpReply.local(451, "4.4.1", "no MX host of " + domain + " could be reached");
        String server = null;
        for (MxHost host : hosts) {
            for (InetAddress address : host.addresses()) {
                int port = host.port() > 0 ? host.port() : settings.port();
                InetSocketAddress target = new InetSocketAddress(address, port);
                server = host.name() + "[" + address.getHostAddress() + "]:" + port;
                if (settings.ownListener().test(target)) {
                    return all(recipients, SmtpReply.local(554, "5.4.6",
                            "mail for " + domain + " loops back to myself (" + server + ")"), server, false);
                }
                boolean tryTls = true;
                for (int round = 0; round < 2; round++) {
                    Outcome o = attempt(host.name(), target, server, policy, tryTls, envelope, message, credentials);
                    if (o.attempt != null) {
                        return o.attempt;
                    }
                    failure = o.failure;
                    if (!o.retryWithoutTls) {
                        break;
                    }
                    tryTls = false;
                }
            }
        }
        return all(recipients, failure, server, false);
    }

    /** Either a finished attempt, or the reason this address failed and whether plaintext may help. */
    private record Outcome(Attempt attempt, SmtpReply failure, boolean retryWithoutTls) {
    }

    private Outcome attempt(String mxName, InetSocketAddress target, String server, TlsPolicy policy,
            boolean tryTls, OutboundEnvelope envelope, byte[] message, Credentials credentials) {
        String key = target + "|" + policy + "|" + tryTls + "|" + (credentials == null ? "" : credentials.username());
        OutboundSession reused = cache.take(key);
        if (reused != null) {
            try {
                if (reused.reset().isPositive()) {
                    return transact(reused, key, server, envelope, message);
                }
            } catch (IOException stale) {
                LOG.debugf("cached connection to %s is gone: %s", server, stale.toString());
            }
            reused.close();
        }
        OutboundSession session;
        try {
            session = OutboundSession.open(target, mxName, settings, watchdog);
        } catch (IOException e) {
            return failed(451, "4.4.1", "connect to " + server + ": " + describe(e));
        }
        try {
            Outcome refused = open(session, server, policy, tryTls, envelope.recipients(), credentials);
            if (refused != null) {
                session.quit();
                session.close();
                return refused;
            }
            return transact(session, key, server, envelope, message);
        } catch (IOException e) {
            session.close();
            return failed(451, e instanceof SmtpProtocolException ? "4.5.0" : "4.4.2",
                    "conversation with " + server + " failed: " + describe(e));
        }
    }

    /** Greeting, EHLO, STARTTLS and AUTH on a new connection; null when the session is ready for mail. */
    private Outcome open(OutboundSession session, String server, TlsPolicy policy, boolean tryTls,
            List<String> recipients, Credentials credentials) throws IOException {
        SmtpReply greeting = session.greeting();
        if (!greeting.isPositive()) {
            return new Outcome(null, greeting, false);
        }
        if (isSelf(greeting)) {
            return new Outcome(all(recipients, SmtpReply.local(554, "5.4.6",
                    "mail loops back to myself: " + server + " greets as " + settings.heloName()), server, false),
                    null, false);
        }
        SmtpReply hello = session.hello();
        if (!hello.isPositive()) {
            return new Outcome(null, hello, false);
        }
        if (session.extensions().has("STARTTLS") && tryTls) {
            try {
                SmtpReply tls = session.startTls(trustAll);
                if (tls.code() == 220) {
                    SmtpReply again = session.hello();
                    if (!again.isPositive()) {
                        return new Outcome(null, again, false);
                    }
                } else if (policy == TlsPolicy.ENCRYPT) {
                    return failed(451, "4.7.5", server + " refused STARTTLS: " + tls);
                }
            } catch (SSLException e) {
                LOG.debugf("TLS handshake with %s failed: %s", server, e);
                SmtpReply reason = SmtpReply.local(451, "4.7.5", "TLS handshake with " + server + " failed: "
                        + describe(e));
                return new Outcome(null, reason, policy == TlsPolicy.MAY);
            }
        }
        if (policy == TlsPolicy.ENCRYPT && !session.isSecure()) {
            return failed(451, "4.7.4", "TLS is required, but was not offered by " + server);
        }
        if (credentials != null) {
            SmtpReply auth = session.authenticate(credentials);
            if (auth.code() != 235) {
                // Postfix defers on a refused login too: the operator fixes the password, the mail waits.
                return failed(451, "4.7.0", "authentication as " + credentials.username() + " at " + server
                        + " failed: " + auth);
            }
        }
        return null;
    }

    /**
     * One transaction on a ready session; afterwards the session goes back to the cache for the
     * next message to the same server, or is closed.
     */
    private Outcome transact(OutboundSession session, String key, String server, OutboundEnvelope envelope,
            byte[] message) throws IOException {
        List<String> recipients = envelope.recipients();
        byte[] wire = DataWriter.encode(message);
        long limit = session.extensions().sizeLimit();
        if (limit > 0 && DataWriter.size(wire) > limit) {
            cache.put(key, session);
            return new Outcome(all(recipients, SmtpReply.local(552, "5.3.4", "message size " + DataWriter.size(wire)
                    + " exceeds the limit " + limit + " of " + server), server, session.isSecure()), null, false);
        }
        boolean utf8 = envelope.smtpUtf8() || needsSmtpUtf8(envelope.sender(), recipients);
        if (utf8 && !session.extensions().has("SMTPUTF8")) {
            cache.put(key, session);
            return new Outcome(all(recipients, SmtpReply.local(553, "5.6.7", server
                    + " does not support SMTPUTF8, which the message needs"), server, session.isSecure()), null,
                    false);
        }
        Map<String, SmtpReply> replies;
        try {
            replies = session.send(envelope, wire, DataWriter.isEightBit(message), utf8);
        } catch (IOException e) {
            session.close();
            if (session.dataCommitted()) {
                // The server may have the message: defer rather than hand it to another host now.
                return new Outcome(all(recipients, SmtpReply.local(451, "4.4.2", "lost " + server
                        + " after sending the message: " + describe(e)), server, session.isSecure()), null, false);
            }
            throw e;
        }
        boolean closing = replies.values().stream().anyMatch(r -> r.code() == 421);
        if (closing) {
            session.close();
        } else {
            cache.put(key, session);
        }
        return new Outcome(new Attempt(replies, server, session.isSecure(), session.extensions().has("DSN")), null,
                false);
    }

    private static Outcome failed(int code, String status, String text) {
        return new Outcome(null, SmtpReply.local(code, status, text), false);
    }

    private boolean isSelf(SmtpReply greeting) {
        String first = greeting.lines().isEmpty() ? "" : greeting.lines().get(0).trim();
        String name = first.split("\\s+", 2)[0];
        return name.equalsIgnoreCase(settings.heloName());
    }

    private static boolean needsSmtpUtf8(String sender, List<String> recipients) {
        if (!isAscii(sender)) {
            return true;
        }
        return recipients.stream().anyMatch(r -> !isAscii(r));
    }

    private static boolean isAscii(String s) {
        return StandardCharsets.US_ASCII.newEncoder().canEncode(s);
    }

    private static Attempt all(List<String> recipients, SmtpReply reply, String server, boolean tls) {
        Map<String, SmtpReply> replies = new LinkedHashMap<>();
        recipients.forEach(r -> replies.put(r, reply));
        return new Attempt(replies, server, tls);
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + message.toLowerCase(Locale.ROOT);
    }

    /** Opportunistic TLS cannot know what certificate a random MX should have; see {@link TlsPolicy}. */
    private static SSLContext trustAllContext() {
        X509TrustManager any = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {any}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS available", e);
        }
    }

    @Override
    public void close() {
        cache.close();
        watchdog.shutdownNow();
    }
}
