package io.mailstream.net;

import java.time.Duration;
import java.util.List;

/**
 * Whether a listener expects a PROXY protocol header (HAProxy v1 or v2) in front of every
 * connection, as sent by a TCP load balancer that would otherwise hide the client's address.
 *
 * @param enabled         every connection must start with a valid header, or it is closed
 *                        without a greeting; the header's client address replaces the socket's
 * @param trustedNetworks when not empty, only peers in these networks (the load balancers) may
 *                        connect at all; others are closed before anything is read
 * @param headerTimeout   the whole header must have arrived within this time
 */
public record ProxyProtocolOptions(boolean enabled, List<NetworkRange> trustedNetworks, Duration headerTimeout) {

    /** Postfix's smtpd_upstream_proxy_timeout default. */
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(5);
    public static final ProxyProtocolOptions DISABLED = new ProxyProtocolOptions(false, List.of(), DEFAULT_HEADER_TIMEOUT);

    public ProxyProtocolOptions {
        trustedNetworks = trustedNetworks == null ? List.of() : List.copyOf(trustedNetworks);
        headerTimeout = headerTimeout == null ? DEFAULT_HEADER_TIMEOUT : headerTimeout;
        if (headerTimeout.isNegative() || headerTimeout.isZero()) {
            throw new IllegalArgumentException("PROXY header timeout must be positive");
        }
    }

    /** From configuration: CIDR texts such as {@code 10.0.0.0/8}; blank entries are ignored. */
    public static ProxyProtocolOptions of(boolean enabled, List<String> trustedNetworks, Duration headerTimeout) {
        List<NetworkRange> ranges = trustedNetworks == null ? List.of()
                : trustedNetworks.stream().filter(s -> !s.isBlank()).map(NetworkRange::parse).toList();
        return new ProxyProtocolOptions(enabled, ranges, headerTimeout);
    }

    /** Whether a peer may connect: always without a trust list, otherwise only from a listed network. */
    public boolean trusts(String peerAddress) {
        return trustedNetworks.isEmpty() || trustedNetworks.stream().anyMatch(n -> n.contains(peerAddress));
    }
}
