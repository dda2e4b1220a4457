package io.mailstream.relay;

import io.mailstream.core.event.LocalDelivery;
import io.mailstream.core.event.RemoteDelivery;

import java.util.List;

/**
 * Where the recipients of one accepted message go.
 *
 * @param local      one delivery per local mailbox owner
 * @param remote     one delivery per remote domain
 * @param unroutable recipients that are not addresses at all (smtp-ingress should never accept them)
 */
public record Routes(List<LocalDelivery> local, List<RemoteDelivery> remote, List<Unroutable> unroutable) {

    public record Unroutable(String recipient, String reason) {
    }

    public Routes {
        local = List.copyOf(local);
        remote = List.copyOf(remote);
        unroutable = List.copyOf(unroutable);
    }

    public int remoteRecipients() {
        return remote.stream().mapToInt(r -> r.recipients().size()).sum();
    }
}
