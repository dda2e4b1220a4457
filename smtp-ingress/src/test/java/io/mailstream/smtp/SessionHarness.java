package io.mailstream.smtp;

import io.mailstream.core.MailAddress;
import io.mailstream.smtp.command.CommandRegistry;
import io.mailstream.store.Authenticator;
import io.mailstream.store.Authenticator.Outcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * One in-memory session with everything around it: a connection, a sink, metrics, a password
 * check and a recipient rule over a fixed directory. Configure the fields, then {@link #open()}.
 *
 * <p>Directory: example.test is local with users alice and bob; alice's password is
 * {@code alice-secret}; logins {@code slow@example.test} are throttled and
 * {@code down@example.test} meet an unavailable directory. Authenticated clients may relay.
 */
final class SessionHarness {

    static final String HOST = "mx.example.test";
    static final Set<String> USERS = Set.of("alice@example.test", "bob@example.test", "j\u00f6rg@example.test");

    static final RecipientPolicy POLICY = (MailAddress rcpt, ConnectionState c) -> {
        if (!rcpt.domain().equals("example.test")) {
            return c.authenticated() ? PolicyResult.accept(SmtpReplies.RECIPIENT_OK)
                    : PolicyResult.deny(SmtpReplies.about(rcpt.toString(), SmtpReplies.RELAY_DENIED), "relay_denied");
        }
        if (rcpt.isPostmaster() || USERS.contains(rcpt.key())) {
            return PolicyResult.accept(SmtpReplies.RECIPIENT_OK);
        }
        return PolicyResult.deny(SmtpReplies.about(rcpt.toString(), SmtpReplies.USER_UNKNOWN), "unknown_user");
    };

    static final PasswordCheck PASSWORDS = (login, password, client) -> switch (login.toLowerCase()) {
        case "slow@example.test" -> new Authenticator.Result(Outcome.THROTTLED, Optional.empty());
        case "down@example.test" -> new Authenticator.Result(Outcome.UNAVAILABLE, Optional.empty());
        case "alice@example.test" -> password.equals("alice-secret")
                ? new Authenticator.Result(Outcome.SUCCESS, Optional.of("alice@example.test"))
                : new Authenticator.Result(Outcome.FAILURE, Optional.empty());
        default -> new Authenticator.Result(Outcome.FAILURE, Optional.empty());
    };

    MemoryConnection conn = new MemoryConnection();
    final MemorySink sink = new MemorySink();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    SmtpSettings settings = SmtpSettings.defaults(HOST);
    ListenerPolicy listener = ListenerPolicy.MX;
    RecipientPolicy policy = POLICY;
    SenderPolicy senders = SenderPolicy.OWN_ADDRESS_ONLY;
    ConnectionLimiter limiter = ConnectionLimiter.unlimited();
    GreetingTimer timer = SessionServices.IMMEDIATE;
    final MutableClock clock = new MutableClock(Instant.parse("2024-06-04T10:00:00Z"));
    SmtpSession session;

    SmtpSession create() {
        session = new SmtpSession(conn, new SessionServices(settings, listener, CommandRegistry.standard(), policy,
                sink, PASSWORDS, limiter, timer, new SmtpMetrics(registry), clock, senders));
        return session;
    }

    /** Connects and returns the greeting. */
    String open() {
        create().onConnect();
        return conn.take();
    }

    /** Sends UTF-8 text (one read) and returns everything written in answer. */
    String send(String text) {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    String send(byte[] bytes) {
        session.onData(bytes);
        return conn.take();
    }

    /** STARTTLS accepted and the handshake completed; returns the 220. */
    String startTls() {
        String ready = send("STARTTLS\r\n");
        conn.completeTls();
        session.onTlsStarted();
        return ready;
    }

    /** AUTH PLAIN as alice with SASL-IR. */
    String authAlice() {
        return send("AUTH PLAIN " + plain("", "alice@example.test", "alice-secret") + "\r\n");
    }

    static String plain(String authzid, String login, String password) {
        return b64(authzid + "\0" + login + "\0" + password);
    }

    static String b64(String s) {
        return java.util.Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    double counter(String name, String tag, String value) {
        var c = registry.find(name).tag(tag, value).counter();
        return c == null ? 0 : c.count();
    }
}
