package io.mailstream.relay.smtp;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.function.Predicate;

/**
 * @param heloName        the name this MTA gives in EHLO and that identifies it in loops
 * @param port            the port MX hosts are connected on (25 in production)
 * @param maxReplyLine    longest reply line accepted, in bytes (RFC 5321 says 512)
 * @param maxReplyLines   most lines in one reply
 * @param ownListener     true for an address and port of this installation's own SMTP listeners
 * @param tlsRequired     domains (lower case) whose mail must only travel over TLS
 * @param connectionCacheTime how long an idle connection is kept for the next message; zero for none
 * @param maxMessagesPerConnection how many messages one cached connection carries at most
 */
public record ClientSettings(String heloName, int port, SmtpTimeouts timeouts, int maxReplyLine, int maxReplyLines,
        Predicate<InetSocketAddress> ownListener, Set<String> tlsRequired, Duration connectionCacheTime,
        int maxMessagesPerConnection) {

    public ClientSettings {
        tlsRequired = Set.copyOf(tlsRequired);
    }

    /** Without connection reuse. */
    public ClientSettings(String heloName, int port, SmtpTimeouts timeouts, int maxReplyLine, int maxReplyLines,
            Predicate<InetSocketAddress> ownListener, Set<String> tlsRequired) {
        this(heloName, port, timeouts, maxReplyLine, maxReplyLines, ownListener, tlsRequired, Duration.ZERO, 1);
    }

    public TlsPolicy tlsPolicy(String domain) {
        return tlsRequired.contains(domain) ? TlsPolicy.ENCRYPT : TlsPolicy.MAY;
    }
}
