package io.mailstream.smtp;

import io.mailstream.smtp.command.CommandRegistry;
import io.mailstream.store.Authenticator;

import java.time.Clock;
import java.util.Optional;

/**
 * Everything the sessions of one listener share: its limits, its policy and the services behind
 * the commands. One instance per listener; sessions only read it.
 */
public record SessionServices(SmtpSettings settings, ListenerPolicy listener, CommandRegistry commands,
        RecipientPolicy recipientPolicy, MessageSink sink, PasswordCheck passwords, ConnectionLimiter limiter,
        GreetingTimer greetingTimer, SmtpMetrics metrics, Clock clock, SenderPolicy senderPolicy) {

    /** Sessions whose authenticated clients may send only as their own address. */
    public SessionServices(SmtpSettings settings, ListenerPolicy listener, CommandRegistry commands,
            RecipientPolicy recipientPolicy, MessageSink sink, PasswordCheck passwords, ConnectionLimiter limiter,
            GreetingTimer greetingTimer, SmtpMetrics metrics, Clock clock) {
        this(settings, listener, commands, recipientPolicy, sink, passwords, limiter, greetingTimer, metrics, clock,
                SenderPolicy.OWN_ADDRESS_ONLY);
    }

    /** A password check for listeners (and tests) without a directory: every AUTH is a temporary failure. */
    public static final PasswordCheck NO_PASSWORDS =
            (login, password, client) -> new Authenticator.Result(Authenticator.Outcome.UNAVAILABLE, Optional.empty());

    /** Runs the greeting at once; for a zero delay and for tests that trigger it themselves. */
    public static final GreetingTimer IMMEDIATE = (delay, task) -> task.run();

    /** The MX listener with no AUTH backend, no per-client limit and no greeting delay. */
    public static SessionServices mx(SmtpSettings settings, CommandRegistry commands, RecipientPolicy policy,
            MessageSink sink, SmtpMetrics metrics, Clock clock) {
        return new SessionServices(settings, ListenerPolicy.MX, commands, policy, sink, NO_PASSWORDS,
                ConnectionLimiter.unlimited(), IMMEDIATE, metrics, clock);
    }
}
