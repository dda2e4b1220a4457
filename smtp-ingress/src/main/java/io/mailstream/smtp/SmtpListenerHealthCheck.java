package io.mailstream.smtp;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while every SMTP listener is bound (Kafka and MongoDB report their own checks). */
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
        var response = HealthCheckResponse.named("smtp-listener")
                .status(server.isListening())
                .withData("port", server.port())
                .withData("connections", server.activeConnections());
        server.ports().forEach((name, port) -> response.withData(name + "-port", port));
        return response.build();
    }
}
