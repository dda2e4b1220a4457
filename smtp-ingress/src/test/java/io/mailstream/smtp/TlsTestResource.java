package io.mailstream.smtp;

import io.mailstream.testkit.TestTls;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** Gives the application the test certificate, so STARTTLS, submission and implicit TLS are on. */
public class TlsTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("mailstream.tls.cert", TestTls.certificate().toString(),
                "mailstream.tls.key", TestTls.privateKey().toString());
    }

    @Override
    public void stop() {
    }
}
