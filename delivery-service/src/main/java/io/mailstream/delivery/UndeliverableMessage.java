package io.mailstream.delivery;

/** A local delivery that no retry can complete: it goes to the dead-letter topic with this reason. */
public class UndeliverableMessage extends RuntimeException {
    public UndeliverableMessage(String reason) {
        super(reason);
    }
}
