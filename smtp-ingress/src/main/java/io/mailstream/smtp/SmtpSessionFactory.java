package io.mailstream.smtp;

import io.mailstream.net.Connection;
import io.mailstream.net.ProtocolHandler;
import io.mailstream.net.ProtocolHandlerFactory;

/** Creates one {@link SmtpSession} per connection of a listener, all sharing its policy and services. */
public final class SmtpSessionFactory implements ProtocolHandlerFactory {

    private final SessionServices services;

    public SmtpSessionFactory(SessionServices services) {
        this.services = services;
    }

    @Override
    public ProtocolHandler create(Connection connection) {
        return new SmtpSession(connection, services);
    }

    @Override
    public String busyReply() {
        return SmtpReplies.busy(services.settings().hostname()).toWire();
    }
}
