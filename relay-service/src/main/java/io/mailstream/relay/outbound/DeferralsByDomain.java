package io.mailstream.relay.outbound;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code mailstream_relay_deferrals_total{domain}}: deferred recipients per destination domain,
 * with a bounded number of series. The first {@code maxDomains} domains an instance defers mail
 * for get a series of their own; deferrals for any later domain count under {@code domain="other"}.
 * First come rather than "top N": a counter series must keep its meaning for the life of the
 * process (a label that moved from one domain to another would make rate() lie), and the domains
 * that matter (the big mailbox providers, the one that is down) show up early in real traffic. The
 * series are per instance and start again on restart, as every counter does.
 */
public final class DeferralsByDomain {

    static final String OTHER = "other";
    private final MeterRegistry registry;
    private final int maxDomains;
    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final Counter other;

    public DeferralsByDomain(MeterRegistry registry, int maxDomains) {
        this.registry = registry;
        this.maxDomains = Math.max(0, maxDomains);
        this.other = counter(OTHER);
    }

    public void increment(String domain) {
        String key = domain == null ? OTHER : domain.toLowerCase(Locale.ROOT);
        Counter c = counters.get(key);
        if (c == null) {
            // size() is approximate under races: a few more series than the cap at worst, never unbounded
            c = counters.size() < maxDomains ? counters.computeIfAbsent(key, this::counter) : other;
        }
        c.increment();
    }

    private Counter counter(String domain) {
        return Counter.builder("mailstream.relay.deferrals")
                .description("Deferred recipients per destination domain (the first domains seen; the rest as other)")
                .tag("domain", domain).register(registry);
    }
}
