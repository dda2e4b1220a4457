package io.mailstream.relay.outbound;

import io.mailstream.testkit.FakeDnsServer;
import io.mailstream.testkit.FakeSmtpServer;
import io.mailstream.testkit.Mta;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The outside world for a {@code @QuarkusTest} of outbound delivery: a DNS server and one scripted
 * MX on loopback, with relay-service pointed at them and given short timeouts and retry delays.
 * Tests reach both through the static fields.
 */
public class FakeRemoteResources implements QuarkusTestResourceLifecycleManager {

    public static FakeDnsServer dns;
    public static Mta mta;
    public static FakeSmtpServer mx;

    @Override
    public Map<String, String> start() {
        try {
            dns = new FakeDnsServer();
            mta = new Mta();
            mx = new FakeSmtpServer(mta);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "mailstream.relay.dns-servers", "127.0.0.1:" + dns.address().getPort(),
                "mailstream.relay.dns-timeout", "1s",
                "mailstream.relay.smtp-port", String.valueOf(mx.port()),
                "mailstream.relay.smtp-timeout", "3s",
                "mailstream.relay.retry-schedule", "1s",
                "mailstream.relay.queue-poll-interval", "200ms");
    }

    @Override
    public void stop() {
        dns.close();
        try {
            mx.close();
        } catch (IOException ignored) {
            // test teardown
        }
    }
}
