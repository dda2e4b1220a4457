package io.mailstream.relay.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailstream.testkit.FakeDnsServer;

import java.net.InetAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MxResolverTest {

    private FakeDnsServer dns;
    private MxResolver resolver;

    @BeforeEach
    void setUp() throws Exception {
        dns = new FakeDnsServer();
        resolver = new MxResolver(List.of(dns.address()), Duration.ofMillis(600), new Random(7));
    }

    @AfterEach
    void tearDown() {
        dns.close();
    }

    private static List<String> names(Resolution r) {
        assertThat(r).isInstanceOf(Resolution.Hosts.class);
        return ((Resolution.Hosts) r).hosts().stream().map(MxHost::name).toList();
    }

    @Test
    void mxHostsComeByPreferenceWithTheirAddresses() throws Exception {
        dns.mx("pref.test", 20, "backup.pref.test", 300).mx("pref.test", 10, "primary.pref.test", 300)
                .a("primary.pref.test", "127.0.0.2", 300).aaaa("primary.pref.test", "::1", 300)
                .a("backup.pref.test", "127.0.0.3", 300);

        Resolution.Hosts hosts = (Resolution.Hosts) resolver.resolve("pref.test");

        assertThat(hosts.hosts()).extracting(MxHost::name, MxHost::preference, MxHost::implicit)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("primary.pref.test", 10, false),
                        org.assertj.core.groups.Tuple.tuple("backup.pref.test", 20, false));
        assertThat(hosts.hosts().get(0).addresses())
                .containsExactly(InetAddress.getByName("127.0.0.2"), InetAddress.getByName("::1"));
    }

    @Test
    void equalPreferencesAreTriedInRandomOrder() {
        dns.mx("equal.test", 10, "a.equal.test", 300).mx("equal.test", 10, "b.equal.test", 300)
                .mx("equal.test", 5, "first.equal.test", 300)
                .a("a.equal.test", "127.0.0.2", 300).a("b.equal.test", "127.0.0.3", 300)
                .a("first.equal.test", "127.0.0.4", 300);
        Set<String> seconds = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            List<String> order = names(resolver.resolve("equal.test"));
            assertThat(order.get(0)).isEqualTo("first.equal.test");
            assertThat(order).hasSize(3);
            seconds.add(order.get(1));
        }
        assertThat(seconds).containsExactlyInAnyOrder("a.equal.test", "b.equal.test");
    }

    @Test
    void domainWithoutMxFallsBackToItsAddresses() {
        dns.a("plain.test", "127.0.0.5", 300);

        Resolution.Hosts hosts = (Resolution.Hosts) resolver.resolve("plain.test");

        assertThat(hosts.hosts()).singleElement().satisfies(h -> {
            assertThat(h.implicit()).isTrue();
            assertThat(h.name()).isEqualTo("plain.test");
            assertThat(h.addresses()).extracting(InetAddress::getHostAddress).containsExactly("127.0.0.5");
        });
    }

    @Test
    void nullMxBouncesWith5_1_10() {
        dns.mx("nomail.test", 0, ".", 300).a("nomail.test", "127.0.0.6", 300);

        assertThat(resolver.resolve("nomail.test")).isEqualTo(new Resolution.Failed(true, "5.1.10",
                "domain nomail.test accepts no mail (null MX)"));
    }

    @Test
    void nonExistentDomainBounces() {
        Resolution r = resolver.resolve("missing.test");

        assertThat(r).isInstanceOfSatisfying(Resolution.Failed.class, f -> {
            assertThat(f.permanent()).isTrue();
            assertThat(f.status()).isEqualTo("5.1.2");
            assertThat(f.detail()).contains("NXDOMAIN");
        });
    }

    @Test
    void existingDomainWithNoMxAndNoAddressBounces() {
        dns.exists("empty.test");

        assertThat(resolver.resolve("empty.test")).isInstanceOfSatisfying(Resolution.Failed.class,
                f -> assertThat(f.permanent()).isTrue());
    }

    @Test
    void servfailDefers() {
        dns.servfail("broken.test");

        assertThat(resolver.resolve("broken.test")).isInstanceOfSatisfying(Resolution.Failed.class, f -> {
            assertThat(f.permanent()).isFalse();
            assertThat(f.status()).isEqualTo("4.4.3");
        });
    }

    @Test
    void timeoutDefersWithinTheConfiguredTime() {
        dns.silent("slow.test");
        long start = System.nanoTime();

        Resolution r = resolver.resolve("slow.test");

        assertThat(r).isInstanceOfSatisfying(Resolution.Failed.class, f -> assertThat(f.permanent()).isFalse());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void mxHostThatFailsTemporarilyIsSkippedWhileAnotherWorks() {
        dns.mx("half.test", 10, "down.half.test", 300).mx("half.test", 20, "up.half.test", 300)
                .servfail("down.half.test").a("up.half.test", "127.0.0.7", 300);

        assertThat(names(resolver.resolve("half.test"))).containsExactly("up.half.test");
    }

    @Test
    void allMxHostsFailingTemporarilyDefers() {
        dns.mx("down.test", 10, "mx.down.test", 300).servfail("mx.down.test");

        assertThat(resolver.resolve("down.test")).isInstanceOfSatisfying(Resolution.Failed.class,
                f -> assertThat(f.permanent()).isFalse());
    }

    @Test
    void cnamesAreFollowedForTheDomainAndForMxHosts() {
        dns.cname("alias.test", "real.test", 300).mx("real.test", 10, "mx-alias.real.test", 300)
                .cname("mx-alias.real.test", "mx.real.test", 300).a("mx.real.test", "127.0.0.8", 300);

        Resolution.Hosts hosts = (Resolution.Hosts) resolver.resolve("alias.test");

        assertThat(hosts.hosts()).singleElement().satisfies(h -> assertThat(h.addresses())
                .extracting(InetAddress::getHostAddress).containsExactly("127.0.0.8"));
    }

    @Test
    void answersAreCachedForTheirTtl() {
        dns.mx("cached.test", 10, "mx.cached.test", 300).a("mx.cached.test", "127.0.0.9", 300);

        resolver.resolve("cached.test");
        int asked = dns.questions().size();
        resolver.resolve("cached.test");

        assertThat(asked).isPositive();
        assertThat(dns.questions()).hasSize(asked);
    }
}
