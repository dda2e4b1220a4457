package io.mailstream.relay.outbound;

import io.mailstream.store.StoreException;

import jakarta.inject.Inject;
import io.mailstream.core.event.MailEvent;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jboss.logging.Logger;

/**
 * The outbound queue for operators [Postfix mailq, postqueue -i, postsuper -b / -d]. Reading needs
 * no authentication: the API must only be reachable on the cluster network (the Service is not
 * exposed). Changes (retry now, bounce, delete, purge) need the admin token as a bearer token.
 */
@Path("/api/v1/queue")
@Produces(MediaType.APPLICATION_JSON)
public class QueueResource {

    private static final int MAX_LIMIT = 1000;
    private static final Logger LOG = Logger.getLogger(QueueResource.class);

    @Inject
    QueueStore queue;
    @Inject
    OperatorToken token;
    @Inject
    OutboundPublisher publisher;
    @Inject
    QueuePurge purge;

    /** Queued entries, oldest first. {@code state}: open (default: active and deferred), active, deferred, done, all. */
    @GET
    public Response list(@QueryParam("state") @DefaultValue("open") String state,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        List<QueueEntry.State> states = states(state);
        if (states == null) {
            return error(400, "state must be open, active, deferred, done or all");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            return error(400, "limit must be between 1 and " + MAX_LIMIT);
        }
        try {
            return Response.ok(queue.list(states, limit)).build();
        } catch (StoreException e) {
            return error(503, "queue store unavailable");
        }
    }

    /** Every domain of one message with each recipient's state and last reply. */
    @GET
    @Path("{messageId}")
    public Response message(@PathParam("messageId") String messageId) {
        try {
            List<QueueEntry> entries = queue.forMessage(messageId);
            return entries.isEmpty() ? error(404, "no queued delivery for message " + messageId)
                    : Response.ok(entries).build();
        } catch (StoreException e) {
            return error(503, "queue store unavailable");
        }
    }

    /** The waiting deliveries of a message are attempted at once (postqueue -i). */
    @POST
    @Path("{messageId}/retry")
    public Response retry(@PathParam("messageId") String messageId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return change("retry", authorization, messageId, () -> {
            long n = queue.retryNow(messageId, Instant.now());
            return n == 0 ? error(404, "no waiting delivery for message " + messageId)
                    : Response.ok(Map.of("entries", n)).build();
        });
    }

    /** The open recipients of a message bounce, with a DSN to the sender, at its next attempt (postsuper -b). */
    @POST
    @Path("{messageId}/bounce")
    public Response bounce(@PathParam("messageId") String messageId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return change("bounce", authorization, messageId, () -> {
            long n = queue.requestBounce(messageId, Instant.now());
            return n == 0 ? error(404, "no open delivery for message " + messageId)
                    : Response.accepted(Map.of("entries", n)).build();
        });
    }

    /** The open deliveries of a message are dropped without notice to the sender (postsuper -d). */
    @DELETE
    @Path("{messageId}")
    public Response delete(@PathParam("messageId") String messageId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return change("delete", authorization, messageId, () -> {
            List<QueueEntry> removed = queue.delete(messageId, Instant.now());
            if (removed.isEmpty()) {
                return error(queue.forMessage(messageId).stream().anyMatch(e -> e.state() != QueueEntry.State.DONE)
                        ? 409 : 404, "no open delivery of message " + messageId + " that is not being attempted");
            }
            List<MailEvent> trace = new ArrayList<>();
            removed.forEach(e -> e.open().forEach(r -> trace.add(OutboundPublisher.event(messageId,
                    MailEvent.Type.FAILED, r.address(), "deleted from the queue by an operator"))));
            publisher.publish(trace, List.of());
            return Response.ok(Map.of("deleted", removed.size())).build();
        });
    }

    /**
     * Removes every entry of a domain and/or older than an age, without notice to the sender unless
     * {@code bounce=true} (then the open recipients bounce with a DSN). {@code state}: open (default),
     * active, deferred, done or all. At least one of {@code domain} and {@code older-than} is needed.
     */
    @POST
    @Path("purge")
    public Response purge(@QueryParam("domain") String domain, @QueryParam("older-than") String olderThan,
            @QueryParam("state") @DefaultValue("open") String state, @QueryParam("bounce") @DefaultValue("false")
            String bounce, @QueryParam("limit") @DefaultValue("10000") int limit,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        String what = "purge" + (domain != null ? " domain=" + domain : "") + (olderThan != null ? " older-than="
                + olderThan : "");
        return change(what, authorization, null, () -> {
            List<QueueEntry.State> states = states(state);
            if (states == null) {
                return error(400, "state must be open, active, deferred, done or all");
            }
            boolean hasDomain = domain != null && !domain.isBlank();
            if (!hasDomain && (olderThan == null || olderThan.isBlank())) {
                return error(400, "a purge needs a domain, an age (older-than), or both");
            }
            java.time.Duration age = olderThan == null || olderThan.isBlank() ? null : QueuePurge.age(olderThan);
            if (olderThan != null && !olderThan.isBlank() && age == null) {
                return error(400, "older-than must be an age such as 30m, 12h, 5d or 2w, not '" + olderThan + "'");
            }
            if (!bounce.equals("true") && !bounce.equals("false")) {
                return error(400, "bounce must be true or false");
            }
            if (limit < 1 || limit > 100_000) {
                return error(400, "limit must be between 1 and 100000");
            }
            Instant now = Instant.now();
            QueuePurge.Result r = purge.purge(new QueuePurge.Request(states,
                    hasDomain ? domain.trim().toLowerCase(Locale.ROOT) : null, age == null ? null : now.minus(age),
                    bounce.equals("true"), limit), now);
            return Response.ok(r).build();
        });
    }

    /** The states a {@code state} parameter names, or null when it names none. */
    private static List<QueueEntry.State> states(String state) {
        return switch (state.toLowerCase(Locale.ROOT)) {
            case "open" -> List.of(QueueEntry.State.ACTIVE, QueueEntry.State.DEFERRED);
            case "all" -> List.of(QueueEntry.State.values());
            case "active", "deferred", "done" -> List.of(QueueEntry.State.valueOf(state.toUpperCase(Locale.ROOT)));
            default -> null;
        };
    }

    private Response change(String what, String authorization, String messageId,
            java.util.function.Supplier<Response> action) {
        if (!token.configured()) {
            return error(503, "queue changes disabled: no admin token is configured (MAILSTREAM_ADMIN_TOKEN)");
        }
        if (!token.accepts(authorization)) {
            return Response.status(401).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"mailstream-admin\"")
                    .entity(Map.of("error", "missing or invalid admin token")).type(MediaType.APPLICATION_JSON).build();
        }
        try {
            Response r = action.get();
            LOG.infof("operator %s%s: %d", what, messageId == null ? "" : " of message " + messageId, r.getStatus());
            return r;
        } catch (StoreException e) {
            return error(503, "queue store unavailable");
        }
    }

    private static Response error(int status, String message) {
        return Response.status(status).entity(Map.of("error", message)).type(MediaType.APPLICATION_JSON).build();
    }
}
