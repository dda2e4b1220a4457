package io.mailstream.smtp;

/**
 * What kind of port a session came in on, and so which rules it follows.
 *
 * <ul>
 * <li>{@link #MX}: mail for local users from anyone; AUTH offered only once TLS is on; an
 * unauthenticated client never relays.</li>
 * <li>{@link #SUBMISSION} (587, RFC 6409): STARTTLS then AUTH before MAIL.</li>
 * <li>{@link #SMTPS} (465, RFC 8314): TLS from the first byte, then AUTH before MAIL.</li>
 * </ul>
 * Authenticated clients, on any port, may relay and may only send as their own addresses
 * ({@link SenderPolicy}).
 *
 * @param name         listener name for logs, metrics and the health check
 * @param authRequired MAIL is refused (530 5.7.0) until the client has authenticated
 */
public record ListenerPolicy(String name, boolean authRequired) {

    public static final ListenerPolicy MX = new ListenerPolicy("mx", false);
    public static final ListenerPolicy SUBMISSION = new ListenerPolicy("submission", true);
    public static final ListenerPolicy SMTPS = new ListenerPolicy("smtps", true);
}
