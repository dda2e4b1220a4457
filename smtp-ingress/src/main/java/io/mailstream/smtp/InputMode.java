package io.mailstream.smtp;

/**
 * What the next input bytes are. Issue 3 adds BDAT (counted chunks), SASL (AUTH continuation
 * lines) and SKIP_DATA (discarding a chunk already refused).
 */
public enum InputMode {
    /** Command lines, at most {@link SmtpSettings#MAX_COMMAND_LINE} octets each. */
    COMMAND,
    /** Message text after 354, up to CRLF.CRLF. */
    DATA
}
