package io.mailstream.mailbox.imap;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * IMAP counters: {@code mailstream_imap_sessions_total},
 * {@code mailstream_imap_logins_total{result}}, {@code mailstream_imap_commands_total{command,result}}.
 * Command names come from the server's own command table (or UNKNOWN), so labels stay bounded.
 */
public final class ImapMetrics {

    private final MeterRegistry registry;

    public ImapMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void sessionOpened() {
        registry.counter("mailstream.imap.sessions").increment();
    }

    public void login(boolean success) {
        registry.counter("mailstream.imap.logins", "result", success ? "success" : "failure").increment();
    }

    public void command(String command, String result) {
        registry.counter("mailstream.imap.commands", "command", command, "result", result).increment();
    }
}
