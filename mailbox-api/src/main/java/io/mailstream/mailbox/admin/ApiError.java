package io.mailstream.mailbox.admin;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The body of every admin API error: {@code {"error":"..."}}. */
public record ApiError(String error) {

    static Response response(Response.Status status, String message) {
        return response(status.getStatusCode(), message);
    }

    static Response response(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ApiError(message)).build();
    }
}
