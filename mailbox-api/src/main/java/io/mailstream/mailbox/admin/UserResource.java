package io.mailstream.mailbox.admin;

import io.mailstream.core.MailAddress;
import io.mailstream.mailbox.admin.AdminApi.NewPassword;
import io.mailstream.mailbox.admin.AdminApi.NewUser;
import io.mailstream.mailbox.admin.AdminApi.UserCreated;
import io.mailstream.mailbox.admin.AdminApi.QuotaBody;
import io.mailstream.mailbox.admin.AdminApi.QuotaView;
import io.mailstream.mailbox.admin.AdminApi.UserView;
import io.mailstream.store.Directory;
import io.mailstream.store.LoginName;

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

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * User accounts: one per address of a local domain, with a bcrypt-hashed password, a disabled
 * flag and storage limits. Addresses in paths and bodies may be given in any spelling that
 * {@link LoginName} folds to the account (case, Unicode forms, U-label domains).
 */
@Path("/api/v1/users")
@AdminSecured
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "users")
@SecurityRequirement(name = "adminToken")
public class UserResource {

    private static final Logger LOG = Logger.getLogger(UserResource.class);

    @Inject
    Directory directory;

    @GET
    @Operation(summary = "List users, optionally of one domain")
    @APIResponse(responseCode = "200", description = "the users, sorted by address")
    @APIResponse(responseCode = "400", description = "invalid domain")
    public Response listUsers(@QueryParam("domain") String domain) {
        String filter = AdminInput.domainFilter(domain);
        return Response.ok(directory.listUsers(filter).stream().map(UserView::of).toList()).build();
    }

    @GET
    @Path("{address}")
    @Operation(summary = "One user: address, domain, disabled flag and quota")
    @APIResponse(responseCode = "200", description = "the user")
    @APIResponse(responseCode = "400", description = "invalid address")
    @APIResponse(responseCode = "404", description = "no such user")
    public Response getUser(@PathParam("address") String raw) {
        MailAddress address = AdminInput.address(raw);
        return directory.findUser(address.toString()).map(u -> Response.ok(UserView.of(u)).build())
                .orElseGet(() -> ApiError.response(Status.NOT_FOUND, "no user " + address.key()));
    }

    @GET
    @Path("{address}/quota")
    @Operation(summary = "A user's storage limits (0 = unlimited)")
    @APIResponse(responseCode = "200", description = "the limits")
    @APIResponse(responseCode = "400", description = "invalid address")
    @APIResponse(responseCode = "404", description = "no such user")
    public Response getQuota(@PathParam("address") String raw) {
        MailAddress address = AdminInput.address(raw);
        return directory.quota(address.toString()).map(q -> Response.ok(QuotaView.of(q)).build())
                .orElseGet(() -> ApiError.response(Status.NOT_FOUND, "no user " + address.key()));
    }

    @PUT
    @Path("{address}/quota")
    @Operation(summary = "Set a user's storage limits: bytes and messages, 0 = unlimited (delivery enforces them)")
    @APIResponse(responseCode = "200", description = "the limits now stored")
    @APIResponse(responseCode = "400", description = "invalid address, missing, negative or fractional limit")
    @APIResponse(responseCode = "404", description = "no such user")
    public Response setQuota(@PathParam("address") String raw, QuotaBody body) {
        MailAddress address = AdminInput.address(raw);
        if (body == null) {
            return ApiError.response(Status.BAD_REQUEST, "body with maxBytes and maxMessages is required");
        }
        String problem = AdminApi.limitProblem("maxBytes", body.maxBytes());
        problem = problem != null ? problem : AdminApi.limitProblem("maxMessages", body.maxMessages());
        if (problem != null) {
            return ApiError.response(Status.BAD_REQUEST, problem);
        }
        Directory.Quota quota = new Directory.Quota(body.maxBytes().longValueExact(),
                body.maxMessages().longValueExact());
        String key = address.key();
        return switch (directory.setQuota(key, quota)) {
            case UPDATED -> {
                LOG.infof("admin: quota of %s set to %d bytes, %d messages", key, quota.maxBytes(),
                        quota.maxMessages());
                yield Response.ok(QuotaView.of(quota)).build();
            }
            case NOT_FOUND -> ApiError.response(Status.NOT_FOUND, "no user " + key);
            default -> ApiError.response(Status.INTERNAL_SERVER_ERROR, "unexpected directory result");
        };
    }

    @POST
    @Path("{address}/disable")
    @Operation(summary = "Disable a user: every login (SMTP AUTH, IMAP, POP3) is refused; mail is kept")
    @APIResponse(responseCode = "204", description = "disabled (also when it already was)")
    @APIResponse(responseCode = "400", description = "invalid address")
    @APIResponse(responseCode = "404", description = "no such user")
    public Response disable(@PathParam("address") String raw) {
        return setDisabled(raw, true);
    }

    @POST
    @Path("{address}/enable")
    @Operation(summary = "Enable a disabled user again")
    @APIResponse(responseCode = "204", description = "enabled (also when it already was)")
    @APIResponse(responseCode = "400", description = "invalid address")
    @APIResponse(responseCode = "404", description = "no such user")
    public Response enable(@PathParam("address") String raw) {
        return setDisabled(raw, false);
    }

    private Response setDisabled(String raw, boolean disabled) {
        MailAddress address = AdminInput.address(raw);
        String key = address.key();
        return switch (directory.setDisabled(key, disabled)) {
            case UPDATED -> {
                LOG.infof("admin: user %s %s", key, disabled ? "disabled" : "enabled");
                yield Response.noContent().build();
            }
            case NOT_FOUND -> ApiError.response(Status.NOT_FOUND, "no user " + key);
            default -> ApiError.response(Status.INTERNAL_SERVER_ERROR, "unexpected directory result");
        };
    }

    @POST
    @Operation(summary = "Create a user of a local domain")
    @APIResponse(responseCode = "201", description = "created")
    @APIResponse(responseCode = "400", description = "bad address, bad password or unknown domain")
    @APIResponse(responseCode = "409", description = "the user exists")
    public Response addUser(NewUser body) {
        if (body == null || body.address() == null) {
            return ApiError.response(Status.BAD_REQUEST, "address is required");
        }
        MailAddress address = AdminInput.address(body.address());
        String problem = AdminApi.passwordProblem(body.password());
        if (problem != null) {
            return ApiError.response(Status.BAD_REQUEST, problem);
        }
        String key = address.key();
        return switch (directory.addUser(key, body.password())) {
            case CREATED -> {
                LOG.infof("admin: user %s created", key);
                yield Response.created(URI.create("/api/v1/users/" + key)).entity(new UserCreated(key)).build();
            }
            case EXISTS -> ApiError.response(Status.CONFLICT, "user " + key + " already exists");
            case DOMAIN_UNKNOWN -> ApiError.response(Status.BAD_REQUEST,
                    "domain " + address.domain() + " is not a local domain");
            default -> ApiError.response(Status.INTERNAL_SERVER_ERROR, "unexpected directory result");
        };
    }

    @PUT
    @Path("{address}/password")
    @Operation(summary = "Set a user's password")
    @APIResponse(responseCode = "204", description = "changed")
    @APIResponse(responseCode = "400", description = "bad address or password")
    @APIResponse(responseCode = "404", description = "no such user")
    public Response setPassword(@PathParam("address") String raw, NewPassword body) {
        MailAddress address = AdminInput.address(raw);
        String problem = AdminApi.passwordProblem(body == null ? null : body.password());
        if (problem != null) {
            return ApiError.response(Status.BAD_REQUEST, problem);
        }
        String key = address.key();
        return switch (directory.setPassword(key, body.password())) {
            case UPDATED -> {
                LOG.infof("admin: password of %s changed", key);
                yield Response.noContent().build();
            }
            case NOT_FOUND -> ApiError.response(Status.NOT_FOUND, "no user " + key);
            default -> ApiError.response(Status.INTERNAL_SERVER_ERROR, "unexpected directory result");
        };
    }

    @DELETE
    @Path("{address}")
    @Operation(summary = "Delete a user (stored mail is kept)")
    @APIResponse(responseCode = "204", description = "deleted")
    @APIResponse(responseCode = "400", description = "invalid address")
    @APIResponse(responseCode = "404", description = "no such user")
    public Response removeUser(@PathParam("address") String raw) {
        MailAddress address = AdminInput.address(raw);
        String key = address.key();
        return switch (directory.removeUser(key)) {
            case DELETED -> {
                LOG.infof("admin: user %s deleted", key);
                yield Response.noContent().build();
            }
            case NOT_FOUND -> ApiError.response(Status.NOT_FOUND, "no user " + key);
            default -> ApiError.response(Status.INTERNAL_SERVER_ERROR, "unexpected directory result");
        };
    }

}
