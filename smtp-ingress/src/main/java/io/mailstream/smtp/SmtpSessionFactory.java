package io.mailstream.smtp;

import io.mailstream.net.Connection;
import io.mailstream.net.ProtocolHandler;
import io.mailstream.net.ProtocolHandlerFactory;
import io.mailstream.smtp.command.CommandRegistry;

import java.time.Clock;

/** Creates one {@link SmtpSession} per connection of a listener, all sharing its policy and sink. */
public final class SmtpSessionFactory implements ProtocolHandlerFactory {

    private final SmtpSettings settings;
    private final CommandRegistry commands;
    private final RecipientPolicy policy;
    private final MessageSink sink;
    private final SmtpMetrics metrics;

    public SmtpSessionFactory(SmtpSettings settings, CommandRegistry commands, RecipientPolicy policy,
            MessageSink sink, SmtpMetrics metrics) {
        this.settings = settings;
        this.commands = commands;
        this.policy = policy;
        this.sink = sink;
        this.metrics = metrics;
    }

    @Override
    public ProtocolHandler create(Connection connection) {
        return new SmtpSession(connection, settings, commands, policy, sink, metrics, Clock.systemUTC());
    }

    @Override
    public String busyReply() {
        return SmtpReplies.busy(settings.hostname()).toWire();
    }
}
