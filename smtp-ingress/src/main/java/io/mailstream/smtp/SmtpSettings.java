package io.mailstream.smtp;

import io.mailstream.core.MailAddress;

/**
 * The limits and names one listener's sessions work with.
 *
 * @param hostname         our name in the greeting, EHLO reply and Received headers
 * @param maxMessageSize   octets of message data accepted (advertised as SIZE)
 * @param maxRecipients    recipients per message; more get 452 4.5.3 (RFC 5321 asks for at least 100)
 * @param maxErrors        5xx replies per session before 421 4.7.0 and disconnect
 * @param maxDataLine      longest message line accepted, in octets (RFC 5321 says 1000; we are lenient)
 * @param postmasterDomain where mail to the bare {@code <postmaster>} goes
 */
public record SmtpSettings(String hostname, long maxMessageSize, int maxRecipients, int maxErrors, int maxDataLine,
        String postmasterDomain) {

    /** RFC 5321 §4.5.3.1.4: a command line is at most 512 octets including CRLF. */
    public static final int MAX_COMMAND_LINE = 512;

    public static final long DEFAULT_MAX_MESSAGE_SIZE = 25L * 1024 * 1024;
    public static final int DEFAULT_MAX_RECIPIENTS = 1000;
    public static final int DEFAULT_MAX_ERRORS = 10;
    public static final int DEFAULT_MAX_DATA_LINE = 10_000;

    public SmtpSettings {
        try {
            postmasterDomain = MailAddress.normalizeDomain(postmasterDomain);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("postmaster domain '" + postmasterDomain
                    + "' is not a domain name: set mailstream.smtp.postmaster-domain", e);
        }
        if (maxRecipients < 100) {
            throw new IllegalArgumentException("RFC 5321 requires accepting at least 100 recipients");
        }
        if (maxMessageSize <= 0 || maxErrors <= 0 || maxDataLine < 1000) {
            throw new IllegalArgumentException("limits must be positive (data lines at least 1000)");
        }
    }

    public static SmtpSettings defaults(String hostname) {
        return new SmtpSettings(hostname, DEFAULT_MAX_MESSAGE_SIZE, DEFAULT_MAX_RECIPIENTS, DEFAULT_MAX_ERRORS,
                DEFAULT_MAX_DATA_LINE, hostname);
    }

    public SmtpSettings withMaxMessageSize(long size) {
        return new SmtpSettings(hostname, size, maxRecipients, maxErrors, maxDataLine, postmasterDomain);
    }

    public SmtpSettings withMaxRecipients(int n) {
        return new SmtpSettings(hostname, maxMessageSize, n, maxErrors, maxDataLine, postmasterDomain);
    }

    public SmtpSettings withMaxErrors(int n) {
        return new SmtpSettings(hostname, maxMessageSize, maxRecipients, n, maxDataLine, postmasterDomain);
    }
}
