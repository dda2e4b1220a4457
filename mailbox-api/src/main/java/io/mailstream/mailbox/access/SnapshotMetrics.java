package io.mailstream.mailbox.access;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The mailbox snapshots seen from outside: {@code mailstream_mailbox_snapshot_records} (records
 * held, to size {@code mailstream.mailbox.snapshot-messages}) and
 * {@code mailstream_mailbox_snapshot_reads_total{read="full|changes|none"}} (how openings and
 * refreshes were served: many {@code full} reads mean the bound is too small for the mailboxes
 * in use).
 */
@Startup
@ApplicationScoped
public class SnapshotMetrics {

    @Inject
    public SnapshotMetrics(MailboxAccess access, MeterRegistry registry) {
        MailboxSnapshots snapshots = access.snapshots();
        Gauge.builder("mailstream.mailbox.snapshot.records", snapshots, MailboxSnapshots::held).register(registry);
        for (String read : new String[] {"full", "changes", "none"}) {
            FunctionCounter.builder("mailstream.mailbox.snapshot.reads", snapshots, s -> s.served(read))
                    .tag("read", read).register(registry);
        }
    }
}
