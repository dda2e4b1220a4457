package io.mailstream.relay.outbound;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Outbound delivery settings, {@code mailstream.relay.*}; README.md says what each means. */
@ConfigMapping(prefix = "mailstream.relay")
public interface RelayConfig {

    /** This MTA's name: EHLO, Reporting-MTA of DSNs, loop detection. Defaults to the host's name. */
    Optional<String> hostname();

    /** DNS servers as host:port; empty for the system resolvers. */
    Optional<List<String>> dnsServers();

    @WithDefault("10s")
    Duration dnsTimeout();

    @WithDefault("25")
    int smtpPort();

    /** One timeout for every SMTP step instead of the RFC 5321 §4.5.3.2 values (tests, impatient setups). */
    Optional<Duration> smtpTimeout();

    @WithDefault("30s")
    Duration connectTimeout();

    /** This installation's SMTP listeners as host:port; {@code *:port} means any local address. */
    @WithDefault("*:25,*:2525")
    List<String> ownListeners();

    /** Send all remote mail through this relay host ({@code host:port}, no MX lookup) instead of the MX hosts. */
    Optional<String> smarthost();

    /** Login at the relay host (AUTH PLAIN/LOGIN, only over TLS); unset for no AUTH. */
    Optional<String> smarthostUsername();

    Optional<String> smarthostPassword();

    /** Domains whose mail may only leave over TLS. */
    Optional<List<String>> tlsRequiredDomains();

    @WithDefault("1m,5m,15m,1h,4h")
    List<Duration> retrySchedule();

    @WithDefault("5d")
    Duration maxAge();

    /** A delay DSN goes out once a recipient has been deferred this long; 0 turns them off. */
    @WithDefault("4h")
    Duration delayWarning();

    /** More Received: headers than this and the message is bounced as a loop (Postfix hopcount_limit). */
    @WithDefault("50")
    int maxHops();

    /** How often the retry scheduler looks for due entries. */
    @WithDefault("5s")
    Duration queuePollInterval();

    /** How long an attempt may hold an entry before another instance may take it over. */
    @WithDefault("30m")
    Duration lease();

    @WithDefault("8")
    int retryWorkers();

    /** Attempts to one domain at the same time, per instance; more wait in the queue. */
    @WithDefault("10")
    int maxConcurrentPerDomain();

    /**
     * Attempts to one domain at the same time across all instances (leases in MongoDB,
     * {@link DestinationSlots}); 0 for no cluster-wide limit.
     */
    @WithDefault("20")
    int maxConcurrentPerDomainCluster();

    /** Domains that get a series of their own in mailstream_relay_deferrals_total; later ones count as "other". */
    @WithDefault("50")
    int metricsMaxDomains();

    /** How long a delivery that hit the per-domain limit waits before the scheduler tries it. */
    @WithDefault("10s")
    Duration busyDelay();

    /** How long an idle connection is kept for the next message to the same server; 0 for none. */
    @WithDefault("2s")
    Duration connectionCacheTime();

    @WithDefault("100")
    int maxMessagesPerConnection();

    @WithDefault("1000")
    int maxReplyLine();

    @WithDefault("100")
    int maxReplyLines();
}
