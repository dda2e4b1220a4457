package io.mailstream.net;

/** A line exceeded the reader's limit; its bytes up to the next LF have been discarded. */
public class LineTooLongException extends RuntimeException {
    public LineTooLongException(int limit) {
        super("line longer than " + limit + " octets");
    }
}
