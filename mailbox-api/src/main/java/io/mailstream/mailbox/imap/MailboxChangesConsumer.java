package io.mailstream.mailbox.imap;

import io.mailstream.core.event.MailboxChanged;
import io.mailstream.mailbox.access.MailboxChanges;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads {@code mailbox.changes} (channel {@code changes}) and wakes this instance's IDLE sessions.
 * Every instance has a consumer group of its own (a random suffix) starting at the latest offset:
 * each instance must see every change, and a change from before it started concerns no session.
 * Nothing is committed or dead-lettered: a notification is worth nothing later.
 */
@ApplicationScoped
public class MailboxChangesConsumer {

    @Inject
    MailboxChanges changes;

    @Incoming("changes")
    public void receive(MailboxChanged event) {
        if (event != null) {
            changes.received(event);
        }
    }
}
