package io.mailstream.mailbox.imap;

import io.mailstream.testkit.TestTls;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** Gives the application the test certificate, so the STARTTLS and implicit-TLS listeners run. */
public class ImapTlsResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("mailstream.tls.cert", TestTls.certificate().toString(),
                "mailstream.tls.key", TestTls.privateKey().toString());
    }

    @Override
    public void stop() {
    }
}
