package io.mailstream.mailbox.imap.request;

import java.time.ZonedDateTime;
import java.util.List;

/** APPEND mailbox, one or more messages (MULTIAPPEND, RFC 3502). */
public record AppendRequest(String tag, String mailbox, List<Message> messages) implements ImapRequest {

    public AppendRequest {
        messages = List.copyOf(messages);
    }

    /**
     * @param flags        as written, or empty
     * @param internalDate the date-time argument, or null for now
     */
    public record Message(List<String> flags, ZonedDateTime internalDate, byte[] content) {
        public Message {
            flags = List.copyOf(flags);
        }
    }

    @Override
    public String command() {
        return "APPEND";
    }

    @Override
    public String toString() {
        return "AppendRequest[tag=" + tag + ", messages=" + messages.size() + "]";
    }
}
