package io.mailstream.smtp;

/** The message could not be made durable now; the client is told to retry (451 4.3.0). */
public class MessageSinkException extends Exception {

    public MessageSinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
