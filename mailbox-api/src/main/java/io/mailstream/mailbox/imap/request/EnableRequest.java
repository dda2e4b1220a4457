package io.mailstream.mailbox.imap.request;

import java.util.List;

/** ENABLE capability..., upper-cased. */
public record EnableRequest(String tag, List<String> capabilities) implements ImapRequest {

    public EnableRequest {
        capabilities = List.copyOf(capabilities);
    }

    @Override
    public String command() {
        return "ENABLE";
    }
}
