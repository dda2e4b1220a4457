package io.mailstream.mailbox.imap.request;

import java.util.List;

/** STATUS mailbox (item ...), items upper-cased. */
public record StatusRequest(String tag, String mailbox, List<String> items) implements ImapRequest {

    public StatusRequest {
        items = List.copyOf(items);
    }

    @Override
    public String command() {
        return "STATUS";
    }
}
