package io.mailstream.net;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the HAProxy PROXY protocol header (version 1, text, and version 2, binary) that a load
 * balancer sends before the first byte of the client's own stream. Fed the bytes as they arrive,
 * in fragments of any size; answers {@link NeedMore} until it can decide, then once
 * {@link Decoded} (with the octets that followed the header: they belong to the client) or
 * {@link Invalid}. Nothing here resolves names: only address literals are accepted.
 *
 * <p>Bounds: a v1 line is at most {@value #V1_MAX_LENGTH} octets with its CRLF (the spec's
 * worst case); a v2 header announces its length, and more than {@value #V2_MAX_PAYLOAD} octets of
 * addresses and TLVs is refused. TLVs are skipped unread.
 */
public final class ProxyProtocolDecoder {

    public static final int V1_MAX_LENGTH = 107;
    public static final int V2_MAX_PAYLOAD = 2048;
    private static final byte[] V1_PREFIX = "PROXY ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    private static final int V2_FIXED = 16;

    /** What one call to {@link #feed} found. */
    public sealed interface Result permits NeedMore, Decoded, Invalid {
    }

    /** The header is not complete yet. */
    public record NeedMore() implements Result {
    }

    /** The header, and the client's octets that arrived behind it (possibly none). */
    public record Decoded(ProxyHeader header, byte[] rest) implements Result {
    }

    /** Not a PROXY header, or a malformed or oversized one: the connection must be dropped. */
    public record Invalid(String reason) implements Result {
    }

    private static final NeedMore NEED_MORE = new NeedMore();

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private Result outcome;

    /** Adds bytes and tells whether the header is decoded; after a final result, it is repeated. */
    public Result feed(byte[] bytes) {
        if (outcome != null) {
            return outcome;
        }
        buffer.writeBytes(bytes);
        Result r = decode(buffer.toByteArray());
        if (!(r instanceof NeedMore)) {
            outcome = r;
            buffer.reset();
        }
        return r;
    }

    private static Result decode(byte[] b) {
        if (b.length == 0) {
            return NEED_MORE;
        }
        if (b[0] == 'P') {
            return decodeV1(b);
        }
        if (b[0] == 0x0D) {
            return decodeV2(b);
        }
        return new Invalid("no PROXY protocol header");
    }

    // ---- version 1: "PROXY TCP4 192.0.2.1 198.51.100.1 56324 25\r\n" ----

    private static Result decodeV1(byte[] b) {
        if (!startsWith(b, V1_PREFIX)) {
            return new Invalid("no PROXY protocol header");
        }
        int lf = indexOf(b, (byte) '\n', Math.min(b.length, V1_MAX_LENGTH));
        if (lf < 0) {
            return b.length >= V1_MAX_LENGTH ? new Invalid("v1 header longer than " + V1_MAX_LENGTH + " octets")
                    : NEED_MORE;
        }
        if (lf == 0 || b[lf - 1] != '\r') {
            return new Invalid("v1 header not ended by CRLF");
        }
        String line = new String(b, 0, lf - 1, StandardCharsets.US_ASCII);
        byte[] rest = Arrays.copyOfRange(b, lf + 1, b.length);
        String[] f = line.split(" ", -1);
        if (f.length >= 2 && f[1].equals("UNKNOWN")) {
            return new Decoded(ProxyHeader.UNKNOWN, rest); // the rest of the line is to be ignored
        }
        if (f.length != 6 || !(f[1].equals("TCP4") || f[1].equals("TCP6"))) {
            return new Invalid("v1 header malformed");
        }
        boolean v4 = f[1].equals("TCP4");
        InetAddress src = v4 ? ipv4(f[2]) : ipv6(f[2]);
        InetAddress dst = v4 ? ipv4(f[3]) : ipv6(f[3]);
        int sport = port(f[4]);
        int dport = port(f[5]);
        if (src == null || dst == null || sport < 0 || dport < 0) {
            return new Invalid("v1 header has a malformed address or port");
        }
        return new Decoded(new ProxyHeader(new InetSocketAddress(src, sport), new InetSocketAddress(dst, dport)), rest);
    }

    private static InetAddress ipv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] a = new byte[4];
        for (int i = 0; i < 4; i++) {
            int n = decimal(parts[i], 3);
            if (n < 0 || n > 255) {
                return null;
            }
            a[i] = (byte) n;
        }
        return byAddress(a);
    }

    private static InetAddress ipv6(String s) {
        if (s.isEmpty() || s.length() > 45 || s.indexOf(':') < 0) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == ':' || c == '.')) {
                return null;
            }
        }
        try {
            return InetAddress.getByName(s); // a literal (checked above): no name lookup
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static int port(String s) {
        int n = decimal(s, 5);
        return n > 65535 ? -1 : n;
    }

    /** A decimal number of 1 to {@code maxDigits} digits, or -1. */
    private static int decimal(String s, int maxDigits) {
        if (s.isEmpty() || s.length() > maxDigits) {
            return -1;
        }
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    // ---- version 2: 12-octet signature, version/command, family/transport, length, addresses, TLVs ----

    private static Result decodeV2(byte[] b) {
        int sig = Math.min(b.length, V2_SIGNATURE.length);
        if (!Arrays.equals(b, 0, sig, V2_SIGNATURE, 0, sig)) {
            return new Invalid("no PROXY protocol header");
        }
        if (b.length < V2_FIXED) {
            return NEED_MORE;
        }
        int version = (b[12] & 0xF0) >> 4;
        int command = b[12] & 0x0F;
        int family = (b[13] & 0xF0) >> 4;
        int transport = b[13] & 0x0F;
        int length = (b[14] & 0xFF) << 8 | b[15] & 0xFF;
        if (version != 2) {
            return new Invalid("v2 header with version " + version);
        }
        if (command > 1) {
            return new Invalid("v2 header with unknown command " + command);
        }
        if (family > 3 || transport > 2) {
            return new Invalid("v2 header with unknown address family " + (b[13] & 0xFF));
        }
        if (length > V2_MAX_PAYLOAD) {
            return new Invalid("v2 header of " + length + " octets, more than " + V2_MAX_PAYLOAD);
        }
        if (b.length < V2_FIXED + length) {
            return NEED_MORE;
        }
        byte[] rest = Arrays.copyOfRange(b, V2_FIXED + length, b.length);
        if (command == 0) {
            return new Decoded(ProxyHeader.UNKNOWN, rest); // LOCAL: the proxy's own connection (health check)
        }
        if (family == 0 || family == 3) {
            return new Decoded(ProxyHeader.UNKNOWN, rest); // UNSPEC or UNIX: no IP address to use
        }
        if (transport != 1) {
            return new Invalid("v2 header for a transport other than TCP");
        }
        int addressLength = family == 1 ? 4 : 16;
        if (length < 2 * addressLength + 4) {
            return new Invalid("v2 header too short for its address family");
        }
        InetAddress src = byAddress(Arrays.copyOfRange(b, V2_FIXED, V2_FIXED + addressLength));
        InetAddress dst = byAddress(Arrays.copyOfRange(b, V2_FIXED + addressLength, V2_FIXED + 2 * addressLength));
        int ports = V2_FIXED + 2 * addressLength;
        int sport = (b[ports] & 0xFF) << 8 | b[ports + 1] & 0xFF;
        int dport = (b[ports + 2] & 0xFF) << 8 | b[ports + 3] & 0xFF;
        return new Decoded(new ProxyHeader(new InetSocketAddress(src, sport), new InetSocketAddress(dst, dport)), rest);
    }

    private static InetAddress byAddress(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // only for a wrong length, which cannot happen here
        }
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        int n = Math.min(b.length, prefix.length);
        return Arrays.equals(b, 0, n, prefix, 0, n);
    }

    private static int indexOf(byte[] b, byte value, int limit) {
        for (int i = 0; i < limit; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
