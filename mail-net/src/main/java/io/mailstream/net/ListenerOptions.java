package io.mailstream.net;

/**
 * Limits of one listener.
 *
 * @param maxConnections     connections accepted at once; the next gets the busy reply
 * @param idleTimeoutSeconds no input for this long ends the session (protocol answers first)
 */
public record ListenerOptions(String host, int port, int maxConnections, int idleTimeoutSeconds) {
}
