package io.mailstream.relay.dns;

import java.net.InetAddress;
import java.util.List;

/**
 * One host to try for a destination, with the addresses it resolved to.
 *
 * @param implicit true when the domain has no MX and its own A/AAAA records stand in (RFC 5321 §5.1)
 * @param port     the port to connect to, 0 for the configured SMTP port (a smarthost has its own)
 */
public record MxHost(String name, int preference, List<InetAddress> addresses, boolean implicit, int port) {

    public MxHost {
        addresses = List.copyOf(addresses);
    }

    public MxHost(String name, int preference, List<InetAddress> addresses, boolean implicit) {
        this(name, preference, addresses, implicit, 0);
    }
}
