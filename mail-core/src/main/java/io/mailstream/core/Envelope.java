package io.mailstream.core;

import java.util.List;

/**
 * The SMTP envelope of a message: who it is from (empty for the null sender {@code <>}) and who
 * it is for, as the addresses to deliver to.
 */
public record Envelope(String sender, List<String> recipients) {

    public Envelope {
        sender = sender == null ? "" : sender;
        recipients = List.copyOf(recipients);
    }

    public boolean isNullSender() {
        return sender.isEmpty();
    }
}
