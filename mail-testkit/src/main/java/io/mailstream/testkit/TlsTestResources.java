package io.mailstream.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Gives a {@code @QuarkusTest} application the test certificate ({@code mailstream.tls.cert} /
 * {@code mailstream.tls.key}), so its STARTTLS and implicit-TLS listeners run.
 */
public class TlsTestResources implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("mailstream.tls.cert", TestTls.certificate().toString(),
                "mailstream.tls.key", TestTls.privateKey().toString());
    }

    @Override
    public void stop() {
        // nothing to release: the files live in a temporary folder deleted at JVM exit
    }
}
