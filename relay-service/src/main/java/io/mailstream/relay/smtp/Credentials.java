package io.mailstream.relay.smtp;

/** A login at a relay host (smarthost). {@link #toString()} never shows the password. */
public record Credentials(String username, String password) {

    @Override
    public String toString() {
        return "Credentials[" + username + "]";
    }
}
