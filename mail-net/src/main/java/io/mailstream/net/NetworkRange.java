package io.mailstream.net;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 network in CIDR notation ({@code 10.0.0.0/8}, {@code fd00::/8}); a bare address
 * is a network of one. Only literals are accepted, so parsing never looks up a name.
 */
public final class NetworkRange {

    private final byte[] network;
    private final int prefix;
    private final String text;

    private NetworkRange(byte[] network, int prefix, String text) {
        this.network = network;
        this.prefix = prefix;
        this.text = text;
    }

    public static NetworkRange parse(String cidr) {
        String s = cidr.strip();
        int slash = s.indexOf('/');
        String address = slash < 0 ? s : s.substring(0, slash);
        byte[] raw = literal(address);
        if (raw == null) {
            throw new IllegalArgumentException("not an IP network: '" + cidr + "'");
        }
        int bits = raw.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("bad prefix length in '" + cidr + "'");
            }
        }
        return new NetworkRange(raw, prefix, s);
    }

    /** Whether {@code address} (an IP literal; anything else never matches) lies in this network. */
    public boolean contains(String address) {
        byte[] raw = literal(address);
        if (raw == null || raw.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (raw[i] != network[i]) {
                return false;
            }
        }
        int remaining = prefix % 8;
        if (remaining == 0) {
            return true;
        }
        int mask = 0xFF << (8 - remaining) & 0xFF;
        return (raw[full] & mask) == (network[full] & mask);
    }

    /** IPv4 or IPv6 literal to bytes (IPv4-mapped IPv6 becomes IPv4), or null when not a literal. */
    private static byte[] literal(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.' || c == '%')) {
                return null; // a host name: never resolved here
            }
        }
        if (s.indexOf(':') < 0 && !s.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return null;
        }
        try {
            return InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
