package io.mailstream.relay.outbound;

import io.mailstream.relay.dns.MxResolver;
import io.mailstream.relay.smtp.ClientSettings;
import io.mailstream.relay.smtp.Credentials;
import io.mailstream.relay.smtp.SmtpClient;
import io.mailstream.relay.smtp.SmtpTimeouts;
import io.micrometer.core.instrument.MeterRegistry;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Builds the outbound machinery from {@link RelayConfig}. */
@Singleton
public class OutboundBeans {

    @Produces
    @Singleton
    OutboundSettings settings(RelayConfig config) {
        InetSocketAddress smarthost = config.smarthost().map(String::trim).filter(h -> !h.isEmpty())
                .map(h -> hostPort(h, 25))
                .orElse(null);
        Credentials credentials = config.smarthostUsername().filter(u -> !u.isBlank())
                .map(u -> new Credentials(u, config.smarthostPassword().orElse(""))).orElse(null);
        return new OutboundSettings(hostname(config), config.maxHops(), config.delayWarning(), smarthost, credentials);
    }

    @Produces
    @Singleton
    MxResolver resolver(RelayConfig config, MeterRegistry registry) {
        List<InetSocketAddress> servers = config.dnsServers().orElse(List.of()).stream().map(String::trim)
                .filter(s -> !s.isEmpty()).map(s -> hostPort(s, 53))
                .map(a -> new InetSocketAddress(a.getHostString(), a.getPort())).toList();
        MxResolver resolver = new MxResolver(servers, config.dnsTimeout(), new SecureRandom());
        resolver.listener((type, result) -> registry.counter("mailstream.relay.dns.lookups", "type",
                org.xbill.DNS.Type.string(type), "result", result).increment());
        return resolver;
    }

    @Produces
    @Singleton
    SmtpClient client(RelayConfig config, OutboundSettings settings) {
        SmtpTimeouts timeouts = config.smtpTimeout().map(SmtpTimeouts::all).orElse(SmtpTimeouts.RFC_5321);
        timeouts = new SmtpTimeouts(config.connectTimeout(), timeouts.greeting(), timeouts.command(), timeouts.mail(),
                timeouts.rcpt(), timeouts.dataInit(), timeouts.dataBlock(), timeouts.dataTermination());
        Set<String> tlsRequired = config.tlsRequiredDomains().orElse(List.of()).stream()
                .map(d -> d.trim().toLowerCase(Locale.ROOT)).filter(d -> !d.isEmpty()).collect(Collectors.toSet());
        return new SmtpClient(new ClientSettings(settings.hostname(), config.smtpPort(), timeouts,
                config.maxReplyLine(), config.maxReplyLines(), new OwnListeners(config.ownListeners()), tlsRequired,
                config.connectionCacheTime(), config.maxMessagesPerConnection()));
    }

    void close(@Disposes SmtpClient client) {
        client.close();
    }

    @Produces
    @Singleton
    RetrySchedule schedule(RelayConfig config) {
        return new RetrySchedule(config.retrySchedule(), config.maxAge());
    }

    @Produces
    @Singleton
    DestinationLimiter limiter(RelayConfig config) {
        return new DestinationLimiter(config.maxConcurrentPerDomain());
    }

    @Produces
    @Singleton
    DestinationSlots slots(RelayConfig config, com.mongodb.client.MongoDatabase db) {
        return new DestinationSlots(db, config.maxConcurrentPerDomainCluster(), config.lease());
    }

    @Produces
    @Singleton
    DeferralsByDomain deferrals(RelayConfig config, MeterRegistry registry) {
        return new DeferralsByDomain(registry, config.metricsMaxDomains());
    }

    private static String hostname(RelayConfig config) {
        return config.hostname().filter(h -> !h.isBlank()).orElseGet(() -> {
            try {
                return InetAddress.getLocalHost().getCanonicalHostName();
            } catch (UnknownHostException e) {
                return "localhost";
            }
        });
    }

    /** {@code host:port}, {@code [v6]:port}, or a bare host meaning {@code defaultPort}; never looked up. */
    static InetSocketAddress hostPort(String spec, int defaultPort) {
        int colon = spec.lastIndexOf(':');
        boolean hasPort = colon > 0 && (spec.indexOf(':') == colon || spec.startsWith("["));
        String host = hasPort ? spec.substring(0, colon) : spec;
        int port = hasPort ? Integer.parseInt(spec.substring(colon + 1)) : defaultPort;
        return InetSocketAddress.createUnresolved(host.replace("[", "").replace("]", ""), port);
    }
}
