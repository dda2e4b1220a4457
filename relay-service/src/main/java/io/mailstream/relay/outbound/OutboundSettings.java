package io.mailstream.relay.outbound;

import io.mailstream.relay.smtp.Credentials;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The settings the delivery attempt needs, resolved from {@link RelayConfig}.
 *
 * @param delayWarning after how long a delay DSN is sent; zero for never
 * @param smarthost    host and port of the relay host all mail goes through, or null for MX delivery
 * @param credentials  the login there, or null
 */
public record OutboundSettings(String hostname, int maxHops, Duration delayWarning, InetSocketAddress smarthost,
        Credentials credentials) {
}
