package io.mailstream.smtp;

/**
 * Where accepted mail goes. {@link #accept} returns only when the message is durable (stored and
 * its event acknowledged): the session answers 250 after it returns and 451 if it throws.
 */
@FunctionalInterface
public interface MessageSink {

    void accept(IncomingMessage message) throws MessageSinkException;
}
