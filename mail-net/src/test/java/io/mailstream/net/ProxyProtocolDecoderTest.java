package io.mailstream.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailstream.testkit.ProxyHeaders;

import io.mailstream.net.ProxyProtocolDecoder.Decoded;
import io.mailstream.net.ProxyProtocolDecoder.Invalid;
import io.mailstream.net.ProxyProtocolDecoder.NeedMore;
import io.mailstream.net.ProxyProtocolDecoder.Result;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** The PROXY header decoder, fed whole and in every split, valid and hostile. */
class ProxyProtocolDecoderTest {

    private static final byte[] EHLO = "EHLO client\r\n".getBytes(StandardCharsets.US_ASCII);

    /** Feeds {@code bytes} split at every position (and byte by byte); all must agree. */
    private static Result decodeEverySplit(byte[] bytes) {
        Result whole = new ProxyProtocolDecoder().feed(bytes);
        for (int split = 1; split < bytes.length; split++) {
            ProxyProtocolDecoder d = new ProxyProtocolDecoder();
            Result first = d.feed(Arrays.copyOfRange(bytes, 0, split));
            byte[] second = Arrays.copyOfRange(bytes, split, bytes.length);
            Result r = first instanceof NeedMore ? d.feed(second)
                    : first instanceof Decoded f ? new Decoded(f.header(), LineReader.concat(f.rest(), second)) : first;
            assertSame(whole, r, "split at " + split);
        }
        ProxyProtocolDecoder d = new ProxyProtocolDecoder();
        Result r = new NeedMore();
        for (int i = 0; i < bytes.length && r instanceof NeedMore; i++) {
            r = d.feed(new byte[] {bytes[i]});
        }
        if (whole instanceof Decoded w && r instanceof Decoded one) {
            // byte by byte, nothing ever follows the header in the same fragment
            assertThat(one.header()).isEqualTo(w.header());
        } else {
            assertThat(r.getClass()).isEqualTo(whole.getClass());
        }
        return whole;
    }

    private static void assertSame(Result expected, Result actual, String where) {
        if (expected instanceof Decoded e) {
            assertThat(actual).as(where).isInstanceOf(Decoded.class);
            assertThat(((Decoded) actual).header()).as(where).isEqualTo(e.header());
            assertThat(((Decoded) actual).rest()).as(where).isEqualTo(e.rest());
        } else {
            assertThat(actual).as(where).isEqualTo(expected);
        }
    }

    private static Decoded decoded(Result r) {
        assertThat(r).isInstanceOf(Decoded.class);
        return (Decoded) r;
    }

    @Test
    void v1Tcp4WithPipelinedClientBytes() {
        Decoded d = decoded(decodeEverySplit(LineReader.concat(ProxyHeaders.v1("PROXY TCP4 192.0.2.7 198.51.100.1 56324 25"), EHLO)));
        assertThat(d.header().source().getAddress().getHostAddress()).isEqualTo("192.0.2.7");
        assertThat(d.header().source().getPort()).isEqualTo(56324);
        assertThat(d.header().destination().getPort()).isEqualTo(25);
        assertThat(d.rest()).isEqualTo(EHLO);
    }

    @Test
    void v1Tcp6AndUnknown() {
        Decoded d = decoded(decodeEverySplit(ProxyHeaders.v1("PROXY TCP6 2001:db8::7 2001:db8::1 4000 993")));
        assertThat(d.header().source().getAddress().getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:7");
        assertThat(d.rest()).isEmpty();
        Decoded unknown = decoded(decodeEverySplit(ProxyHeaders.v1("PROXY UNKNOWN ffff::1 ffff::2 1 2")));
        assertThat(unknown.header().hasAddress()).isFalse();
        assertThat(decoded(decodeEverySplit(ProxyHeaders.v1("PROXY UNKNOWN"))).header().hasAddress()).isFalse();
    }

    @Test
    void v1Malformed() {
        for (String line : new String[] {
                "PROXY TCP4 192.0.2.7 198.51.100.1 56324", // missing port
                "PROXY TCP4 192.0.2.7  198.51.100.1 56324 25", // double space
                "PROXY TCP4 192.0.2.256 198.51.100.1 56324 25",
                "PROXY TCP4 2001:db8::7 198.51.100.1 56324 25", // family mismatch
                "PROXY TCP6 192.0.2.7 198.51.100.1 56324 25",
                "PROXY TCP4 192.0.2.7 198.51.100.1 65536 25",
                "PROXY TCP4 192.0.2.7 198.51.100.1 -1 25",
                "PROXY TCP4 mail.example 198.51.100.1 1 25", // a name is never resolved
                "PROXY UDP4 192.0.2.7 198.51.100.1 1 25",
                "PROXY tcp4 192.0.2.7 198.51.100.1 1 25"}) {
            assertThat(decodeEverySplit(ProxyHeaders.v1(line))).as(line).isInstanceOf(Invalid.class);
        }
        assertThat(decodeEverySplit("PROXY TCP4 192.0.2.7 198.51.100.1 1 25\n".getBytes(StandardCharsets.US_ASCII)))
                .as("bare LF").isInstanceOf(Invalid.class);
    }

    @Test
    void somethingElseIsRefusedAtTheFirstWrongByte() {
        assertThat(new ProxyProtocolDecoder().feed(EHLO)).isInstanceOf(Invalid.class);
        assertThat(new ProxyProtocolDecoder().feed("PROX".getBytes(StandardCharsets.US_ASCII))).isInstanceOf(NeedMore.class);
        assertThat(new ProxyProtocolDecoder().feed("PROXX".getBytes(StandardCharsets.US_ASCII))).isInstanceOf(Invalid.class);
        assertThat(new ProxyProtocolDecoder().feed(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x01})).isInstanceOf(Invalid.class);
        assertThat(new ProxyProtocolDecoder().feed(new byte[] {0x16, 0x03, 0x01})).as("a TLS ClientHello")
                .isInstanceOf(Invalid.class);
    }

    @Test
    void v1LongerThan107OctetsIsRefusedWithoutWaitingForTheEnd() {
        // the spec's worst case
        String longest = "PROXY UNKNOWN ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff 65535 65535";
        assertThat(ProxyHeaders.v1(longest)).hasSize(ProxyProtocolDecoder.V1_MAX_LENGTH);
        assertThat(decodeEverySplit(ProxyHeaders.v1(longest))).isInstanceOf(Decoded.class);
        ProxyProtocolDecoder d = new ProxyProtocolDecoder();
        assertThat(d.feed(("PROXY UNKNOWN " + "x".repeat(92)).getBytes(StandardCharsets.US_ASCII))).isInstanceOf(NeedMore.class);
        assertThat(d.feed("y".getBytes(StandardCharsets.US_ASCII))).isInstanceOf(Invalid.class);
    }

    @Test
    void v2Tcp4WithTlvsSkipped() throws Exception {
        byte[] header = ProxyHeaders.v2("203.0.113.9", 40000, "198.51.100.1", 465, 40);
        Decoded d = decoded(decodeEverySplit(LineReader.concat(header, EHLO)));
        assertThat(d.header().source().getAddress().getHostAddress()).isEqualTo("203.0.113.9");
        assertThat(d.header().source().getPort()).isEqualTo(40000);
        assertThat(d.header().destination().getPort()).isEqualTo(465);
        assertThat(d.rest()).isEqualTo(EHLO);
    }

    @Test
    void v2Tcp6() throws Exception {
        Decoded d = decoded(decodeEverySplit(ProxyHeaders.v2("2001:db8::9", 1, "2001:db8::1", 993, 0)));
        assertThat(d.header().source().getAddress().getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:9");
    }

    @Test
    void v2LocalAndUnixCarryNoClientAddress() {
        Decoded local = decoded(decodeEverySplit(LineReader.concat(ProxyHeaders.v2Raw(0x20, 0x00, new byte[0]), EHLO)));
        assertThat(local.header().hasAddress()).isFalse();
        assertThat(local.rest()).isEqualTo(EHLO);
        assertThat(decoded(decodeEverySplit(ProxyHeaders.v2Raw(0x21, 0x31, new byte[216]))).header().hasAddress()).isFalse();
    }

    @Test
    void v2Malformed() {
        assertThat(decodeEverySplit(ProxyHeaders.v2Raw(0x11, 0x11, new byte[12]))).as("version 1 in binary")
                .isInstanceOf(Invalid.class);
        assertThat(decodeEverySplit(ProxyHeaders.v2Raw(0x22, 0x11, new byte[12]))).as("unknown command")
                .isInstanceOf(Invalid.class);
        assertThat(decodeEverySplit(ProxyHeaders.v2Raw(0x21, 0x41, new byte[12]))).as("unknown family")
                .isInstanceOf(Invalid.class);
        assertThat(decodeEverySplit(ProxyHeaders.v2Raw(0x21, 0x13, new byte[12]))).as("unknown transport")
                .isInstanceOf(Invalid.class);
        assertThat(decodeEverySplit(ProxyHeaders.v2Raw(0x21, 0x12, new byte[12]))).as("UDP")
                .isInstanceOf(Invalid.class);
        assertThat(decodeEverySplit(ProxyHeaders.v2Raw(0x21, 0x21, new byte[12]))).as("too short for IPv6")
                .isInstanceOf(Invalid.class);
    }

    @Test
    void v2LengthIsBoundedBeforeTheBodyArrives() {
        byte[] start = Arrays.copyOf(ProxyHeaders.v2Raw(0x21, 0x11, new byte[ProxyProtocolDecoder.V2_MAX_PAYLOAD + 1]), 16);
        assertThat(new ProxyProtocolDecoder().feed(start)).isInstanceOf(Invalid.class);
        byte[] max = ProxyHeaders.v2Raw(0x21, 0x11, new byte[ProxyProtocolDecoder.V2_MAX_PAYLOAD]);
        assertThat(new ProxyProtocolDecoder().feed(max)).isInstanceOf(Decoded.class);
    }

    @Test
    void aFinalResultIsRepeated() {
        ProxyProtocolDecoder d = new ProxyProtocolDecoder();
        Result r = d.feed(ProxyHeaders.v1("PROXY TCP4 192.0.2.7 198.51.100.1 1 25"));
        assertThat(d.feed(EHLO)).isSameAs(r);
    }

    @Test
    void networkRanges() {
        ProxyProtocolOptions trusted = ProxyProtocolOptions.of(true, java.util.List.of("10.0.0.0/8", " 192.0.2.128/25",
                "::1", "fd00::/8", ""), null);
        assertThat(trusted.trusts("10.1.2.3")).isTrue();
        assertThat(trusted.trusts("11.1.2.3")).isFalse();
        assertThat(trusted.trusts("192.0.2.200")).isTrue();
        assertThat(trusted.trusts("192.0.2.100")).isFalse();
        assertThat(trusted.trusts("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(trusted.trusts("fd12::5")).isTrue();
        assertThat(trusted.trusts("fe80::5")).isFalse();
        assertThat(trusted.trusts("localhost")).isFalse();
        assertThat(ProxyProtocolOptions.of(true, java.util.List.of(), null).trusts("198.51.100.1")).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> NetworkRange.parse("10.0.0.0/33"))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> NetworkRange.parse("example.com/8"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
