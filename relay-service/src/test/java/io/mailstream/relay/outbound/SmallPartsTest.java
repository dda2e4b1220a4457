package io.mailstream.relay.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The small policies of outbound delivery: own listeners, per-domain limits, xtext. */
class SmallPartsTest {

    @Test
    void ownListenersMatchAddressAndPortAndStarMeansAnyLocalAddress() {
        OwnListeners own = new OwnListeners(List.of("*:25", "192.0.2.10:2525", " "));

        assertThat(own.test(new InetSocketAddress("127.0.0.1", 25))).isTrue();
        assertThat(own.test(new InetSocketAddress("127.0.0.2", 25))).isTrue();
        assertThat(own.test(new InetSocketAddress("127.0.0.1", 2526))).isFalse();
        assertThat(own.test(new InetSocketAddress("192.0.2.10", 2525))).isTrue();
        assertThat(own.test(new InetSocketAddress("192.0.2.11", 2525))).isFalse();
        assertThat(own.test(new InetSocketAddress("192.0.2.11", 25))).isFalse();
    }

    @Test
    void destinationLimiterCapsEachDomainOnItsOwn() {
        DestinationLimiter limiter = new DestinationLimiter(2);

        assertThat(limiter.tryAcquire("a.test")).isTrue();
        assertThat(limiter.tryAcquire("a.test")).isTrue();
        assertThat(limiter.tryAcquire("a.test")).isFalse();
        assertThat(limiter.tryAcquire("b.test")).isTrue();
        limiter.release("a.test");
        assertThat(limiter.tryAcquire("a.test")).isTrue();
    }

    @Test
    void xtextDecodesHexEscapesOnly() {
        assertThat(Xtext.decode("bob+2Bsuffix@example.test")).isEqualTo("bob+suffix@example.test");
        assertThat(Xtext.decode("a+3Db")).isEqualTo("a=b");
        assertThat(Xtext.decode("plain+")).isEqualTo("plain+");
        assertThat(Xtext.decode("+C3+A9")).isEqualTo("\u00e9");
    }

    @Test
    void dnsServerAndSmarthostSpecsParseWithoutLookups() {
        assertThat(OutboundBeans.hostPort("127.0.0.1:5353", 53)).satisfies(a -> {
            assertThat(a.getHostString()).isEqualTo("127.0.0.1");
            assertThat(a.getPort()).isEqualTo(5353);
        });
        assertThat(OutboundBeans.hostPort("[::1]:53", 25).getHostString()).isEqualTo("::1");
        assertThat(OutboundBeans.hostPort("relay.provider.example", 25).getPort()).isEqualTo(25);
        assertThat(OutboundBeans.hostPort("relay.provider.example", 25).isUnresolved()).isTrue();
    }
}
