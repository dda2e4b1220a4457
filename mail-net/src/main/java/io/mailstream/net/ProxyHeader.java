package io.mailstream.net;

import java.net.InetSocketAddress;

/**
 * What a PROXY protocol header said about the connection a load balancer forwards.
 *
 * @param source      the real client, or null when the header carries no usable address (v1
 *                    {@code UNKNOWN}, v2 {@code LOCAL}, or a family other than TCP over IPv4/IPv6):
 *                    the socket's own peer address then stands
 * @param destination the address the client connected to on the proxy, or null with {@code source}
 */
public record ProxyHeader(InetSocketAddress source, InetSocketAddress destination) {

    /** A header that names no client: a proxy health check, or a family we do not map. */
    public static final ProxyHeader UNKNOWN = new ProxyHeader(null, null);

    public boolean hasAddress() {
        return source != null;
    }
}
