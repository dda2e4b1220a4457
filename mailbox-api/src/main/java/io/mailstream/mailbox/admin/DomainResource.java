package io.mailstream.mailbox.admin;

import io.mailstream.mailbox.admin.AdminApi.CatchAllBody;
import io.mailstream.mailbox.admin.AdminApi.DomainBody;
import io.mailstream.store.Directory;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;

import java.net.URI;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/** Local domains: the domains whose users Mailstream delivers to. */
@Path("/api/v1/domains")
@AdminSecured
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "domains")
@SecurityScheme(securitySchemeName = "adminToken", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "mailstream.admin.token (MAILSTREAM_ADMIN_TOKEN)")
@SecurityRequirement(name = "adminToken")
public class DomainResource {

    private static final Logger LOG = Logger.getLogger(DomainResource.class);

    @Inject
    Directory directory;

    @GET
    @Operation(summary = "List local domains (A-label form, sorted)")
    public List<String> listDomains() {
        return directory.listDomains();
    }

    @POST
    @Operation(summary = "Add a local domain")
    @APIResponse(responseCode = "201", description = "created")
    @APIResponse(responseCode = "400", description = "missing or invalid name")
    @APIResponse(responseCode = "409", description = "already a local domain")
    public Response addDomain(DomainBody body) {
        if (body == null || body.name() == null || body.name().isBlank()) {
            return ApiError.response(Status.BAD_REQUEST, "name is required");
        }
        String name = AdminInput.domain(body.name());
        return switch (directory.addDomain(name)) {
            case CREATED -> {
                LOG.infof("admin: domain %s added", name);
                yield Response.created(URI.create("/api/v1/domains/" + name)).entity(new DomainBody(name)).build();
            }
            case EXISTS -> ApiError.response(Status.CONFLICT, "domain " + name + " already exists");
            default -> ApiError.response(Status.INTERNAL_SERVER_ERROR, "unexpected directory result");
        };
    }

    @DELETE
    @Path("{name}")
    @Operation(summary = "Remove a local domain that has no users")
    @APIResponse(responseCode = "204", description = "removed")
    @APIResponse(responseCode = "404", description = "no such domain")
    @APIResponse(responseCode = "409", description = "the domain still has users or aliases")
    public Response removeDomain(@PathParam("name") String raw) {
        String name = AdminInput.domain(raw);
        return switch (directory.removeDomain(name)) {
            case DELETED -> {
                LOG.infof("admin: domain %s removed", name);
                yield Response.noContent().build();
            }
            case NOT_FOUND -> ApiError.response(Status.NOT_FOUND, "no domain " + name);
            case DOMAIN_NOT_EMPTY -> ApiError.response(Status.CONFLICT, "domain " + name + " still has users or aliases");
            default -> ApiError.response(Status.INTERNAL_SERVER_ERROR, "unexpected directory result");
        };
    }

    @GET
    @Path("{name}/catch-all")
    @Operation(summary = "The catch-all of a domain: where mail for its unknown addresses goes")
    @APIResponse(responseCode = "200", description = "the catch-all target")
    @APIResponse(responseCode = "400", description = "invalid domain name")
    @APIResponse(responseCode = "404", description = "no such domain, or it has no catch-all")
    public Response getCatchAll(@PathParam("name") String raw) {
        String name = AdminInput.domain(raw);
        if (!directory.isLocalDomain(name)) {
            return ApiError.response(Status.NOT_FOUND, "no domain " + name);
        }
        return directory.catchAll(name).map(t -> Response.ok(new CatchAllBody(t)).build())
                .orElseGet(() -> ApiError.response(Status.NOT_FOUND, "domain " + name + " has no catch-all"));
    }

    @PUT
    @Path("{name}/catch-all")
    @Operation(summary = "Set the catch-all of a domain (a local user, an alias or a remote address)")
    @APIResponse(responseCode = "200", description = "set; the body shows the stored form")
    @APIResponse(responseCode = "400", description = "invalid domain name or target")
    @APIResponse(responseCode = "404", description = "no such domain")
    public Response setCatchAll(@PathParam("name") String raw, CatchAllBody body) {
        String name = AdminInput.domain(raw);
        if (body == null || body.target() == null || body.target().isBlank()) {
            return ApiError.response(Status.BAD_REQUEST, "target is required");
        }
        String target;
        try {
            target = Directory.aliasTargets(List.of(body.target())).get(0);
        } catch (IllegalArgumentException e) {
            return ApiError.response(Status.BAD_REQUEST, e.getMessage());
        }
        return switch (directory.setCatchAll(name, target)) {
            case UPDATED -> {
                LOG.infof("admin: catch-all of %s set to %s", name, target);
                yield Response.ok(new CatchAllBody(target)).build();
            }
            case NOT_FOUND -> ApiError.response(Status.NOT_FOUND, "no domain " + name);
            default -> ApiError.response(Status.INTERNAL_SERVER_ERROR, "unexpected directory result");
        };
    }

    @DELETE
    @Path("{name}/catch-all")
    @Operation(summary = "Remove the catch-all of a domain: its unknown addresses are refused again")
    @APIResponse(responseCode = "204", description = "removed (also when there was none)")
    @APIResponse(responseCode = "400", description = "invalid domain name")
    @APIResponse(responseCode = "404", description = "no such domain")
    public Response removeCatchAll(@PathParam("name") String raw) {
        String name = AdminInput.domain(raw);
        return switch (directory.setCatchAll(name, null)) {
            case UPDATED -> {
                LOG.infof("admin: catch-all of %s removed", name);
                yield Response.noContent().build();
            }
            case NOT_FOUND -> ApiError.response(Status.NOT_FOUND, "no domain " + name);
            default -> ApiError.response(Status.INTERNAL_SERVER_ERROR, "unexpected directory result");
        };
    }
}
