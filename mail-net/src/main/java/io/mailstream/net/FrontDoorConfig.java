package io.mailstream.net;

import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The settings every mail listener group shares (SMTP, IMAP, POP3): the PROXY protocol from a load
 * balancer and the drain on shutdown. A service's {@code @ConfigMapping} interface extends it, so
 * that {@code mailstream.smtp.proxy-protocol} and {@code mailstream.imap.proxy-protocol} mean the
 * same thing and are read in one place.
 */
public interface FrontDoorConfig {

    /**
     * Every connection on the group's listeners starts with a PROXY protocol header (v1 or v2) from a
     * load balancer; its client address is the one used for relay and login rules, limits,
     * throttling, logs and Received headers. A connection without a valid header is closed unanswered.
     */
    @WithDefault("false")
    boolean proxyProtocol();

    /** When set, only these networks (CIDR, comma-separated: the load balancers) may connect with PROXY on. */
    Optional<List<String>> proxyProtocolTrustedNetworks();

    /** The PROXY header must have arrived within this time, or the connection is closed without a greeting. */
    @WithDefault("5s")
    Duration proxyProtocolTimeout();

    /**
     * On shutdown, how long sessions in flight may take to finish (a message being received gets its
     * reply) before the remaining connections are closed. Keep it below the pod's grace period.
     */
    @WithDefault("30s")
    Duration drainTimeout();

    /** The PROXY protocol settings as the listeners take them. */
    default ProxyProtocolOptions proxyProtocolOptions() {
        return ProxyProtocolOptions.of(proxyProtocol(), proxyProtocolTrustedNetworks().orElse(List.of()),
                proxyProtocolTimeout());
    }
}
