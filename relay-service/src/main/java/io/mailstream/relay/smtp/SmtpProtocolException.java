package io.mailstream.relay.smtp;

import java.io.IOException;

/** The server's reply was malformed or exceeded a limit: the session cannot continue. */
public class SmtpProtocolException extends IOException {
    public SmtpProtocolException(String message) {
        super(message);
    }
}
