package io.mailstream.mailbox.pop3;

import io.mailstream.testkit.TestTls;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** Gives the service the test certificate ({@code mailstream.tls.cert} / {@code .key}), so STLS and POP3S run. */
public class TestTlsResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("mailstream.tls.cert", TestTls.certificate().toString(),
                "mailstream.tls.key", TestTls.privateKey().toString());
    }

    @Override
    public void stop() {
    }
}
