package io.mailstream.relay.trace;

import io.mailstream.core.event.MailEvent;
import io.mailstream.store.StoreException;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/trace/{messageId}}: every event of a message from every service (accepted,
 * routed, each attempt, deferred, delivered, bounced) in order. Read-only, no authentication: for
 * the cluster network only, like the queue API.
 */
@Path("/api/v1/trace")
@Produces(MediaType.APPLICATION_JSON)
public class TraceResource {

    @Inject
    TraceStore store;

    @GET
    @Path("{messageId}")
    public Response trace(@PathParam("messageId") String messageId) {
        try {
            List<MailEvent> events = store.forMessage(messageId);
            return events.isEmpty()
                    ? Response.status(404).entity(Map.of("error", "no events for message " + messageId)).build()
                    : Response.ok(events).build();
        } catch (StoreException e) {
            return Response.status(503).entity(Map.of("error", "trace store unavailable")).build();
        }
    }
}
