package io.mailstream.mailbox.imap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the IMAP listener accepts connections. */
@Readiness
@ApplicationScoped
public class ImapReadiness implements HealthCheck {

    @Inject
    ImapServer server;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("imap-listener").status(server.isListening())
                .withData("port", server.port()).withData("imapsPort", server.imapsPort()).build();
    }
}
