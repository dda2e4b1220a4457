package io.mailstream.smtp;

/** What the next input bytes are. */
public enum InputMode {
    /** Command lines, at most {@link SmtpSettings#MAX_COMMAND_LINE} octets each. */
    COMMAND,
    /** Message text after 354, up to CRLF.CRLF. */
    DATA,
    /** The counted octets of a BDAT chunk (RFC 3030), kept or, after an error, discarded. */
    CHUNK,
    /** A SASL response line after a 334 continuation (AUTH, RFC 4954). */
    SASL,
    /** STARTTLS answered, handshake not yet done: everything that arrives is plain text and dropped. */
    TLS_PENDING
}
