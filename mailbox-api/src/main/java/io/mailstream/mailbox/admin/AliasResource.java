package io.mailstream.mailbox.admin;

import io.mailstream.core.MailAddress;
import io.mailstream.mailbox.admin.AdminApi.AliasBody;
import io.mailstream.mailbox.admin.AdminApi.AliasTargets;
import io.mailstream.mailbox.admin.AdminApi.AliasView;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;

import java.net.URI;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * Aliases: an address of a local domain whose mail goes to one or more other addresses (local
 * users, other aliases, remote addresses). An alias may share its address with a user; it then
 * wins, and lists the user's own address among its targets to keep a copy in the mailbox.
 */
@Path("/api/v1/aliases")
@AdminSecured
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "aliases")
@SecurityRequirement(name = "adminToken")
public class AliasResource {

    private static final Logger LOG = Logger.getLogger(AliasResource.class);

    @Inject
    Directory directory;

    @GET
    @Operation(summary = "List aliases, optionally of one domain, sorted by address")
    @APIResponse(responseCode = "200", description = "the aliases")
    @APIResponse(responseCode = "400", description = "invalid domain")
    public Response listAliases(@QueryParam("domain") String domain) {
        String filter = AdminInput.domainFilter(domain);
        return Response.ok(directory.listAliases(filter).stream().map(AliasView::of).toList()).build();
    }

    @GET
    @Path("{address}")
    @Operation(summary = "One alias and its targets")
    @APIResponse(responseCode = "200", description = "the alias")
    @APIResponse(responseCode = "400", description = "invalid address")
    @APIResponse(responseCode = "404", description = "no such alias")
    public Response getAlias(@PathParam("address") String raw) {
        MailAddress address = AdminInput.address(raw);
        return directory.findAlias(address.toString()).map(a -> Response.ok(AliasView.of(a)).build())
                .orElseGet(() -> ApiError.response(Status.NOT_FOUND, "no alias " + address.key()));
    }

    @POST
    @Operation(summary = "Create an alias of a local domain")
    @APIResponse(responseCode = "201", description = "created; the body shows the stored form")
    @APIResponse(responseCode = "400", description = "bad address, unknown domain, no/too many/invalid targets")
    @APIResponse(responseCode = "409", description = "the alias exists")
    public Response addAlias(AliasBody body) {
        if (body == null || body.address() == null) {
            return ApiError.response(Status.BAD_REQUEST, "address is required");
        }
        MailAddress address = AdminInput.address(body.address());
        List<String> targets;
        try {
            targets = Directory.aliasTargets(body.targets());
        } catch (IllegalArgumentException e) {
            return ApiError.response(Status.BAD_REQUEST, e.getMessage());
        }
        String key = address.key();
        return switch (directory.addAlias(key, targets)) {
            case CREATED -> {
                LOG.infof("admin: alias %s created -> %s", key, targets);
                yield Response.created(URI.create("/api/v1/aliases/" + key))
                        .entity(new AliasView(key, address.domain(), targets)).build();
            }
            case EXISTS -> ApiError.response(Status.CONFLICT, "alias " + key + " already exists");
            case DOMAIN_UNKNOWN -> ApiError.response(Status.BAD_REQUEST,
                    "domain " + address.domain() + " is not a local domain");
            default -> ApiError.response(Status.INTERNAL_SERVER_ERROR, "unexpected directory result");
        };
    }

    @PUT
    @Path("{address}")
    @Operation(summary = "Replace the targets of an alias")
    @APIResponse(responseCode = "200", description = "replaced; the body shows the stored form")
    @APIResponse(responseCode = "400", description = "invalid address, no/too many/invalid targets")
    @APIResponse(responseCode = "404", description = "no such alias")
    public Response replaceAlias(@PathParam("address") String raw, AliasTargets body) {
        MailAddress address = AdminInput.address(raw);
        List<String> targets;
        try {
            targets = Directory.aliasTargets(body == null ? null : body.targets());
        } catch (IllegalArgumentException e) {
            return ApiError.response(Status.BAD_REQUEST, e.getMessage());
        }
        String key = address.key();
        return switch (directory.replaceAlias(key, targets)) {
            case UPDATED -> {
                LOG.infof("admin: alias %s now -> %s", key, targets);
                yield Response.ok(new AliasView(key, address.domain(), targets)).build();
            }
            case NOT_FOUND -> ApiError.response(Status.NOT_FOUND, "no alias " + key);
            default -> ApiError.response(Status.INTERNAL_SERVER_ERROR, "unexpected directory result");
        };
    }

    @DELETE
    @Path("{address}")
    @Operation(summary = "Delete an alias")
    @APIResponse(responseCode = "204", description = "deleted")
    @APIResponse(responseCode = "400", description = "invalid address")
    @APIResponse(responseCode = "404", description = "no such alias")
    public Response removeAlias(@PathParam("address") String raw) {
        MailAddress address = AdminInput.address(raw);
        String key = address.key();
        return switch (directory.removeAlias(key)) {
            case DELETED -> {
                LOG.infof("admin: alias %s deleted", key);
                yield Response.noContent().build();
            }
            case NOT_FOUND -> ApiError.response(Status.NOT_FOUND, "no alias " + key);
            default -> ApiError.response(Status.INTERNAL_SERVER_ERROR, "unexpected directory result");
        };
    }
}
