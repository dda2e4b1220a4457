package io.mailstream.delivery;

import io.mailstream.core.event.LocalDelivery;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@code mailstream_delivery_delivered_total{result}} per account copy (stored, duplicate,
 * deferred, bounced) and per forward and dead-lettered record; {@code mailstream_delivery_latency}
 * from acceptance to storage; {@code mailstream_delivery_quota_rejections_total{action}}.
 */
@Singleton
public class DeliveryMetrics {

    private final Map<MailboxDeliverer.Result, Counter> byResult = new EnumMap<>(MailboxDeliverer.Result.class);
    private final Counter forwarded;
    private final Counter failed;
    private final Counter quotaDeferred;
    private final Counter quotaBounced;
    private final Timer latency;

    @Inject
    public DeliveryMetrics(MeterRegistry registry) {
        for (MailboxDeliverer.Result r : MailboxDeliverer.Result.values()) {
            byResult.put(r, delivered(registry, r.name().toLowerCase(java.util.Locale.ROOT)));
        }
        forwarded = delivered(registry, "forwarded");
        failed = delivered(registry, "failed");
        quotaDeferred = quota(registry, "deferred");
        quotaBounced = quota(registry, "bounced");
        latency = Timer.builder("mailstream.delivery.latency")
                .description("Time from acceptance by smtp-ingress to storage in the mailbox").register(registry);
    }

    private static Counter delivered(MeterRegistry registry, String result) {
        return Counter.builder("mailstream.delivery.delivered").description("Local deliveries, by result")
                .tag("result", result).register(registry);
    }

    private static Counter quota(MeterRegistry registry, String action) {
        return Counter.builder("mailstream.delivery.quota.rejections")
                .description("Copies refused because the account is over quota").tag("action", action)
                .register(registry);
    }

    void count(LocalDelivery d, List<MailboxDeliverer.Delivery> deliveries, int forwards) {
        for (MailboxDeliverer.Delivery delivery : deliveries) {
            byResult.get(delivery.result()).increment();
            if (delivery.result() == MailboxDeliverer.Result.STORED) {
                Duration took = Duration.between(d.acceptedAt(), Instant.now());
                latency.record(took.isNegative() ? Duration.ZERO : took);
            } else if ("4.2.2".equals(delivery.status())) {
                quotaDeferred.increment();
            } else if ("5.2.2".equals(delivery.status())) {
                quotaBounced.increment();
            }
        }
        forwarded.increment(forwards);
    }

    void failed() {
        failed.increment();
    }
}
