package io.mailstream.relay.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The small policies of outbound delivery: own listeners, per-domain limits, NOTIFY, metrics, ages. */
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
    void dnsServerAndSmarthostSpecsParseWithoutLookups() {
        assertThat(OutboundBeans.hostPort("127.0.0.1:5353", 53)).satisfies(a -> {
            assertThat(a.getHostString()).isEqualTo("127.0.0.1");
            assertThat(a.getPort()).isEqualTo(5353);
        });
        assertThat(OutboundBeans.hostPort("[::1]:53", 25).getHostString()).isEqualTo("::1");
        assertThat(OutboundBeans.hostPort("relay.provider.example", 25).getPort()).isEqualTo(25);
        assertThat(OutboundBeans.hostPort("relay.provider.example", 25).isUnresolved()).isTrue();
    }

    @Test
    void deferralsGetASeriesPerDomainUpToTheCapAndTheRestCountAsOther() {
        io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        DeferralsByDomain deferrals = new DeferralsByDomain(registry, 2);

        deferrals.increment("gmail.example");
        deferrals.increment("Outlook.Example");
        deferrals.increment("gmail.example");
        deferrals.increment("third.example");
        deferrals.increment("fourth.example");
        deferrals.increment("outlook.example");

        java.util.function.ToDoubleFunction<String> count = d -> registry.get("mailstream.relay.deferrals")
                .tag("domain", d).counter().count();
        assertThat(count.applyAsDouble("gmail.example")).isEqualTo(2.0);
        assertThat(count.applyAsDouble("outlook.example")).isEqualTo(2.0);
        assertThat(count.applyAsDouble("other")).isEqualTo(2.0);
        assertThat(registry.find("mailstream.relay.deferrals").counters()).hasSize(3);
    }

    @Test
    void purgeAgesAreShortOrIso() {
        assertThat(QueuePurge.age("30m")).isEqualTo(java.time.Duration.ofMinutes(30));
        assertThat(QueuePurge.age("12H")).isEqualTo(java.time.Duration.ofHours(12));
        assertThat(QueuePurge.age("5d")).isEqualTo(java.time.Duration.ofDays(5));
        assertThat(QueuePurge.age("2w")).isEqualTo(java.time.Duration.ofDays(14));
        assertThat(QueuePurge.age("0s")).isEqualTo(java.time.Duration.ZERO);
        assertThat(QueuePurge.age("PT36H")).isEqualTo(java.time.Duration.ofHours(36));
        assertThat(QueuePurge.age("5 days")).isNull();
        assertThat(QueuePurge.age("-5d")).isNull();
        assertThat(QueuePurge.age("PT-1H")).isNull();
    }
}
