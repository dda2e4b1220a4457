package io.mailstream.mailbox.admin;

import io.mailstream.store.Directory;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Where mail for an address would go now: the answer delivery gets from {@link Directory#resolve}. */
@Path("/api/v1/resolve")
@AdminSecured
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "aliases")
@SecurityRequirement(name = "adminToken")
public class ResolveResource {

    /** {@code {"address":"team@example.test","targets":["alice@example.test","x@remote.test"]}} */
    public record Resolution(String address, List<String> targets) {
    }

    @Inject
    Directory directory;

    @GET
    @Path("{address}")
    @Operation(summary = "Expand an address through users, aliases, subaddresses, postmaster and catch-all")
    @APIResponse(responseCode = "200", description = "the targets; empty when the address would be refused")
    @APIResponse(responseCode = "400", description = "invalid address")
    public Response resolve(@PathParam("address") String raw) {
        List<String> targets;
        try {
            targets = directory.resolve(raw);
        } catch (IllegalArgumentException e) {
            return ApiError.response(Status.BAD_REQUEST, "invalid address");
        }
        return Response.ok(new Resolution(raw.strip(), targets)).build();
    }
}
