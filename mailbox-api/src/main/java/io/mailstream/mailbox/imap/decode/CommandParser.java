package io.mailstream.mailbox.imap.decode;

import io.mailstream.mailbox.imap.request.ImapRequest;

/** Decodes the arguments of one command; the reader stands right after the command name. */
@FunctionalInterface
public interface CommandParser<R extends ImapRequest> {

    R parse(String tag, ArgReader args);
}
