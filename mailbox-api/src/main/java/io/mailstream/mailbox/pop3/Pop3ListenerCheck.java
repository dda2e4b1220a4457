package io.mailstream.mailbox.pop3;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the POP3 listener is bound. */
@Readiness
@ApplicationScoped
public class Pop3ListenerCheck implements HealthCheck {

    @Inject
    Pop3Server server;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("pop3 listener").status(server.isListening())
                .withData("port", server.port()).withData("pop3s-port", server.securePort()).withData("connections", server.activeConnections()).build();
    }
}
