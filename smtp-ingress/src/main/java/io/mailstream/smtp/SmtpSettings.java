package io.mailstream.smtp;

import io.mailstream.core.MailAddress;

import java.time.Duration;

/**
 * The limits and names one listener's sessions work with.
 *
 * @param hostname              our name in the greeting, EHLO reply and Received headers
 * @param maxMessageSize        octets of message data accepted (advertised as SIZE)
 * @param maxRecipients         recipients per message; more get 452 4.5.3 (RFC 5321 asks for at least 100)
 * @param maxErrors             5xx replies per session before 421 4.7.0 and disconnect
 * @param maxDataLine           longest message line accepted, in octets (RFC 5321 says 1000; we are lenient)
 * @param postmasterDomain      where mail to the bare {@code <postmaster>} goes
 * @param greetingDelay         wait this long before the 220; a client talking first is a synchronization error
 * @param plaintextLoopbackAuth allow AUTH without TLS for clients on 127.0.0.0/8 and ::1 (off by default)
 * @param dataTimeout           time allowed for the text of one DATA or BDAT chunk, before the rate allowance
 * @param minDataRate           octets per second: each octet received adds {@code 1/minDataRate} s to the
 *                              data timeout, so large messages on good links get time and a slow drip does not
 */
public record SmtpSettings(String hostname, long maxMessageSize, int maxRecipients, int maxErrors, int maxDataLine,
        String postmasterDomain, Duration greetingDelay, boolean plaintextLoopbackAuth, Duration dataTimeout,
        long minDataRate) {

    /** RFC 5321 §4.5.3.1.4: a command line is at most 512 octets including CRLF. */
    public static final int MAX_COMMAND_LINE = 512;
    /** RFC 4954 §4: an AUTH command line or SASL response line may be up to 12288 octets. */
    public static final int MAX_AUTH_LINE = 12288;

    public static final long DEFAULT_MAX_MESSAGE_SIZE = 25L * 1024 * 1024;
    public static final int DEFAULT_MAX_RECIPIENTS = 1000;
    public static final int DEFAULT_MAX_ERRORS = 10;
    public static final int DEFAULT_MAX_DATA_LINE = 10_000;
    public static final Duration DEFAULT_DATA_TIMEOUT = Duration.ofMinutes(5);
    public static final long DEFAULT_MIN_DATA_RATE = 500;

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
        greetingDelay = greetingDelay == null ? Duration.ZERO : greetingDelay;
        if (greetingDelay.isNegative()) {
            throw new IllegalArgumentException("greeting delay must not be negative");
        }
        dataTimeout = dataTimeout == null ? DEFAULT_DATA_TIMEOUT : dataTimeout;
        if (dataTimeout.isZero() || dataTimeout.isNegative() || minDataRate <= 0) {
            throw new IllegalArgumentException("data timeout and minimum data rate must be positive");
        }
    }

    /** No greeting delay, no plain-text AUTH. */
    public SmtpSettings(String hostname, long maxMessageSize, int maxRecipients, int maxErrors, int maxDataLine,
            String postmasterDomain) {
        this(hostname, maxMessageSize, maxRecipients, maxErrors, maxDataLine, postmasterDomain, Duration.ZERO, false,
                DEFAULT_DATA_TIMEOUT, DEFAULT_MIN_DATA_RATE);
    }

    public static SmtpSettings defaults(String hostname) {
        return new SmtpSettings(hostname, DEFAULT_MAX_MESSAGE_SIZE, DEFAULT_MAX_RECIPIENTS, DEFAULT_MAX_ERRORS,
                DEFAULT_MAX_DATA_LINE, hostname);
    }

    public SmtpSettings withMaxMessageSize(long size) {
        return new SmtpSettings(hostname, size, maxRecipients, maxErrors, maxDataLine, postmasterDomain, greetingDelay,
                plaintextLoopbackAuth, dataTimeout, minDataRate);
    }

    public SmtpSettings withMaxRecipients(int n) {
        return new SmtpSettings(hostname, maxMessageSize, n, maxErrors, maxDataLine, postmasterDomain, greetingDelay,
                plaintextLoopbackAuth, dataTimeout, minDataRate);
    }

    public SmtpSettings withMaxErrors(int n) {
        return new SmtpSettings(hostname, maxMessageSize, maxRecipients, n, maxDataLine, postmasterDomain,
                greetingDelay, plaintextLoopbackAuth, dataTimeout, minDataRate);
    }

    public SmtpSettings withGreetingDelay(Duration delay) {
        return new SmtpSettings(hostname, maxMessageSize, maxRecipients, maxErrors, maxDataLine, postmasterDomain,
                delay, plaintextLoopbackAuth, dataTimeout, minDataRate);
    }

    public SmtpSettings withDataDeadline(Duration timeout, long minRate) {
        return new SmtpSettings(hostname, maxMessageSize, maxRecipients, maxErrors, maxDataLine, postmasterDomain,
                greetingDelay, plaintextLoopbackAuth, timeout, minRate);
    }

    public SmtpSettings withPlaintextLoopbackAuth(boolean allowed) {
        return new SmtpSettings(hostname, maxMessageSize, maxRecipients, maxErrors, maxDataLine, postmasterDomain,
                greetingDelay, allowed, dataTimeout, minDataRate);
    }
}
