package io.mailstream.mailbox.admin;

import io.micrometer.core.instrument.MeterRegistry;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

/**
 * Counts admin requests as {@code mailstream_admin_requests_total{operation,result}}: the
 * operation is the resource method ({@code addUser}), the result the HTTP status ({@code 201}).
 * Both sets are small and fixed, so the series stay bounded.
 */
@Provider
@AdminSecured
public class AdminMetricsFilter implements ContainerResponseFilter {

    @Inject
    MeterRegistry registry;

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String operation = resource.getResourceMethod() == null ? "unknown" : resource.getResourceMethod().getName();
        registry.counter("mailstream.admin.requests", "operation", operation, "result",
                Integer.toString(response.getStatus())).increment();
    }
}
