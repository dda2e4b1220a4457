package io.mailstream.mailbox.imap.request;

/** A decoded command: immutable, ready for its processor. */
public interface ImapRequest {

    String tag();

    /** The command name for replies, logs and metrics ({@code FETCH}, {@code UID FETCH}). */
    String command();

    /**
     * Whether untagged EXPUNGE responses may follow this command. RFC 3501 7.4.1 forbids them
     * during FETCH, STORE and SEARCH by sequence number, since they would renumber the messages
     * the client is working on.
     */
    default boolean allowsExpungeResponses() {
        return true;
    }
}
