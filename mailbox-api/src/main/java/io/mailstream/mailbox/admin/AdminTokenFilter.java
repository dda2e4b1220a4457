package io.mailstream.mailbox.admin;

import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

import jakarta.annotation.Priority;

import org.jboss.logging.Logger;

/** Lets an admin request through only with {@code Authorization: Bearer <mailstream.admin.token>}. */
@Provider
@AdminSecured
@Priority(Priorities.AUTHENTICATION)
public class AdminTokenFilter implements ContainerRequestFilter {

    private static final Logger LOG = Logger.getLogger(AdminTokenFilter.class);

    @Inject
    AdminToken token;

    @Override
    public void filter(ContainerRequestContext request) {
        switch (token.check(request.getHeaderString(HttpHeaders.AUTHORIZATION))) {
            case ACCEPTED:
                return;
            case NOT_CONFIGURED:
                LOG.warnf("admin API refused %s %s: mailstream.admin.token (MAILSTREAM_ADMIN_TOKEN) is not set",
                        request.getMethod(), request.getUriInfo().getPath());
                request.abortWith(ApiError.response(Response.Status.SERVICE_UNAVAILABLE,
                        "admin API disabled: no admin token is configured (MAILSTREAM_ADMIN_TOKEN)"));
                return;
            default:
                LOG.debugf("admin API refused %s %s: missing or wrong token", request.getMethod(),
                        request.getUriInfo().getPath());
                Response denied = ApiError.response(Response.Status.UNAUTHORIZED, "missing or invalid admin token");
                denied.getHeaders().add(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"mailstream-admin\"");
                request.abortWith(denied);
        }
    }
}
