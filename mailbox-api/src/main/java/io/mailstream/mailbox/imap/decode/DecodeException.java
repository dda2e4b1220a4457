package io.mailstream.mailbox.imap.decode;

/** The command does not follow the grammar: answered with a tagged {@code BAD}. */
public class DecodeException extends RuntimeException {
    public DecodeException(String message) {
        super(message);
    }
}
