package io.mailstream.smtp;

import java.util.ArrayList;
import java.util.List;

/** Keeps accepted messages in a list; can be told to fail like an unreachable store or broker. */
final class MemorySink implements MessageSink {

    final List<IncomingMessage> messages = new ArrayList<>();
    boolean failing;

    @Override
    public void accept(IncomingMessage message) throws MessageSinkException {
        if (failing) {
            throw new MessageSinkException("store unavailable", new RuntimeException("down"));
        }
        messages.add(message);
    }
}
