package io.mailstream.mailbox.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.mailstream.store.StoreException;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns failures into {@code {"error":"..."}} bodies, never stack traces. */
public class AdminExceptionMappers {

    private static final Logger LOG = Logger.getLogger(AdminExceptionMappers.class);

    @ServerExceptionMapper
    public Response storeUnavailable(StoreException e) {
        LOG.warn("admin API: store unavailable", e);
        return ApiError.response(Response.Status.SERVICE_UNAVAILABLE, "store unavailable, try again");
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        return ApiError.response(Response.Status.BAD_REQUEST, "malformed JSON body");
    }

    /** Valid JSON of the wrong shape (an array for an object); Quarkus' own mapper sends no body. */
    @ServerExceptionMapper
    public Response wrongJsonShape(MismatchedInputException e) {
        return ApiError.response(Response.Status.BAD_REQUEST, "JSON body has the wrong shape");
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        if (e instanceof AdminInput.Invalid) {
            return e.getResponse(); // already {"error": ...} with the reason
        }
        int status = e.getResponse().getStatus();
        if (status == Response.Status.BAD_REQUEST.getStatusCode() && e.getCause() instanceof JsonProcessingException) {
            return ApiError.response(status, "malformed JSON body");
        }
        String reason = e.getResponse().getStatusInfo().getReasonPhrase();
        return ApiError.response(status, reason == null ? "request failed" : reason.toLowerCase(java.util.Locale.ROOT));
    }
}
