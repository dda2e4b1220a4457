package io.mailstream.mailbox.imap.process;

/**
 * Per-listener rules a session follows.
 *
 * @param plaintextOnLoopback whether LOGIN / AUTHENTICATE PLAIN are allowed without TLS when the
 *                            client connects from a loopback address
 * @param appendLimit         the largest message APPEND accepts, in octets (APPENDLIMIT)
 * @param commandsPerSecond   the sustained command rate of one session
 * @param commandBurst        commands a session may send at once above that rate
 */
public record SessionPolicy(boolean plaintextOnLoopback, long appendLimit, int commandsPerSecond, int commandBurst) {

    public SessionPolicy(boolean plaintextOnLoopback, long appendLimit) {
        this(plaintextOnLoopback, appendLimit, 200, 2000);
    }

    public static SessionPolicy defaults() {
        return new SessionPolicy(true, 25L * 1024 * 1024);
    }
}
