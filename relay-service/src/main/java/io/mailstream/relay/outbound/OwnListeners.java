package io.mailstream.relay.outbound;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Recognises this installation's own SMTP listeners among MX addresses, so that mail whose MX
 * points back at us bounces with 5.4.6 instead of looping [Postfix "mail for X loops back to myself"].
 * Entries are {@code host:port}; {@code *:port} matches every address of this host.
 */
public final class OwnListeners implements Predicate<InetSocketAddress> {

    private record Listener(List<InetAddress> addresses, int port) {
    }

    private final List<Listener> listeners = new ArrayList<>();

    public OwnListeners(List<String> specs) {
        for (String spec : specs) {
            String s = spec.trim();
            int colon = s.lastIndexOf(':');
            if (s.isEmpty() || colon <= 0) {
                continue;
            }
            String host = s.substring(0, colon).replace("[", "").replace("]", "");
            int port = Integer.parseInt(s.substring(colon + 1));
            try {
                listeners.add(new Listener(host.equals("*") ? null : List.of(InetAddress.getAllByName(host)), port));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("own listener " + spec + " does not resolve", e);
            }
        }
    }

    @Override
    public boolean test(InetSocketAddress target) {
        for (Listener l : listeners) {
            if (l.port() != target.getPort()) {
                continue;
            }
            if (l.addresses() == null ? isLocal(target.getAddress()) : l.addresses().contains(target.getAddress())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isLocal(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress()) {
            return true;
        }
        try {
            return NetworkInterface.getByInetAddress(a) != null;
        } catch (SocketException e) {
            return false;
        }
    }
}
