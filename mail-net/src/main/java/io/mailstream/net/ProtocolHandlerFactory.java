package io.mailstream.net;

/** Creates one session per accepted connection. */
public interface ProtocolHandlerFactory {

    ProtocolHandler create(Connection connection);

    /**
     * What to send to a client refused because the listener is at its connection limit, before
     * closing (SMTP {@code 421 4.7.0}, IMAP {@code * BYE}, POP3 {@code -ERR}).
     */
    String busyReply();
}
