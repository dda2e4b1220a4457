package io.mailstream.relay;

/** An inbound record that no retry can route: it goes to the dead-letter topic with this reason. */
public class UnroutableMessage extends RuntimeException {
    public UnroutableMessage(String reason) {
        super(reason);
    }
}
