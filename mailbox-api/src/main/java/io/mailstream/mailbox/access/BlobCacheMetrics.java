package io.mailstream.mailbox.access;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The message-body cache seen from outside: {@code mailstream_mailbox_blob_cache_bytes} (held, to
 * size {@code mailstream.mailbox.blob-cache-mb}) and
 * {@code mailstream_mailbox_blob_cache_reads_total{result="hit|miss"}}.
 */
@Startup
@ApplicationScoped
public class BlobCacheMetrics {

    @Inject
    public BlobCacheMetrics(CachedBlobStore cache, MeterRegistry registry) {
        Gauge.builder("mailstream.mailbox.blob.cache.bytes", cache, CachedBlobStore::heldBytes).register(registry);
        FunctionCounter.builder("mailstream.mailbox.blob.cache.reads", cache, CachedBlobStore::hits)
                .tag("result", "hit").register(registry);
        FunctionCounter.builder("mailstream.mailbox.blob.cache.reads", cache, CachedBlobStore::misses)
                .tag("result", "miss").register(registry);
    }
}
