package io.mailstream.net;

/**
 * Limits and TLS of one listener.
 *
 * @param maxConnections     connections accepted at once; the next gets the busy reply
 * @param idleTimeoutSeconds no input for this long ends the session (protocol answers first)
 * @param tls                certificate and key, or null: without them STARTTLS is not offered
 * @param implicitTls        TLS from the first byte (SMTPS 465, IMAPS 993, POP3S 995, RFC 8314)
 * @param proxyProtocol      whether a PROXY protocol header precedes each connection (before TLS)
 */
public record ListenerOptions(String host, int port, int maxConnections, int idleTimeoutSeconds, TlsConfig tls,
        boolean implicitTls, ProxyProtocolOptions proxyProtocol) {

    public ListenerOptions {
        if (implicitTls && tls == null) {
            throw new IllegalArgumentException("implicit TLS needs a certificate and key");
        }
        proxyProtocol = proxyProtocol == null ? ProxyProtocolOptions.DISABLED : proxyProtocol;
    }

    /** Without PROXY protocol. */
    public ListenerOptions(String host, int port, int maxConnections, int idleTimeoutSeconds, TlsConfig tls,
            boolean implicitTls) {
        this(host, port, maxConnections, idleTimeoutSeconds, tls, implicitTls, ProxyProtocolOptions.DISABLED);
    }

    /** A plain-text listener without STARTTLS. */
    public ListenerOptions(String host, int port, int maxConnections, int idleTimeoutSeconds) {
        this(host, port, maxConnections, idleTimeoutSeconds, null, false);
    }

    public ListenerOptions withProxyProtocol(ProxyProtocolOptions proxy) {
        return new ListenerOptions(host, port, maxConnections, idleTimeoutSeconds, tls, implicitTls, proxy);
    }
}
