package io.mailstream.relay.outbound;

import java.time.Instant;

/**
 * Where one recipient of a queued delivery stands.
 *
 * @param state     PENDING before the first attempt, then the outcome of the last attempt
 * @param status    RFC 3463 status of the last attempt ({@code 4.4.1}), null while pending
 * @param reply     the last reply, one line ({@code 550 5.1.1 no such user}), null while pending
 * @param remoteMta the MX host that gave the reply, null when no server gave it (DNS, connection)
 */
public record RecipientState(String address, State state, String status, String reply, String remoteMta,
        Instant at) {

    public enum State { PENDING, DELIVERED, DEFERRED, BOUNCED }

    public static RecipientState pending(String address) {
        return new RecipientState(address, State.PENDING, null, null, null, null);
    }

    public boolean isOpen() {
        return state == State.PENDING || state == State.DEFERRED;
    }

    public static State of(Outcome outcome) {
        return State.valueOf(outcome.name());
    }
}
