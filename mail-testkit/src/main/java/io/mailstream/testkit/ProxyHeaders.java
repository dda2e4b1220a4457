package io.mailstream.testkit;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

/** PROXY protocol headers (v1 text, v2 binary) as a load balancer sends them, for tests of listeners behind one. */
public final class ProxyHeaders {

    private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    private ProxyHeaders() {
    }

    public static byte[] v1(String line) {
        return (line + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** A v2 PROXY header for TCP over IPv4 or IPv6, with {@code tlvBytes} octets of TLVs after the addresses. */
    public static byte[] v2(String source, int sourcePort, String destination, int destinationPort, int tlvBytes)
            throws Exception {
        byte[] src = InetAddress.getByName(source).getAddress();
        byte[] dst = InetAddress.getByName(destination).getAddress();
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        payload.writeBytes(src);
        payload.writeBytes(dst);
        payload.write(sourcePort >> 8);
        payload.write(sourcePort);
        payload.write(destinationPort >> 8);
        payload.write(destinationPort);
        if (tlvBytes > 0) {
            // one PP2_TYPE_NOOP TLV filling the rest
            payload.write(0x04);
            payload.write((tlvBytes - 3) >> 8);
            payload.write(tlvBytes - 3);
            payload.writeBytes(new byte[tlvBytes - 3]);
        }
        return v2Raw(0x21, src.length == 4 ? 0x11 : 0x21, payload.toByteArray());
    }

    /** A v2 header with the given version/command and family/transport octets around {@code payload}. */
    public static byte[] v2Raw(int versionCommand, int familyTransport, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(V2_SIGNATURE);
        out.write(versionCommand);
        out.write(familyTransport);
        out.write(payload.length >> 8);
        out.write(payload.length);
        out.writeBytes(payload);
        return out.toByteArray();
    }
}
