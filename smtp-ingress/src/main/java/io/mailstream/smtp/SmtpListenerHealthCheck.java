package io.mailstream.smtp;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the SMTP listener is bound (Kafka and MongoDB report their own checks). */
@Readiness
@Singleton
public class SmtpListenerHealthCheck implements HealthCheck {

    private final SmtpServer server;

    @Inject
    public SmtpListenerHealthCheck(SmtpServer server) {
        this.server = server;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("smtp-listener")
                .status(server.isListening())
                .withData("port", server.port())
                .withData("connections", server.activeConnections())
                .build();
    }
}
