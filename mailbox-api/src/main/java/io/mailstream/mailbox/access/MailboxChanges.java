package io.mailstream.mailbox.access;

import io.mailstream.core.event.MailboxChanged;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

/**
 * Where mailbox changes meet: a change made here is handed to local listeners (this instance's
 * IDLE sessions) at once and sent out (to {@code mailbox.changes}, for the other instances);
 * a change received from {@code mailbox.changes} is handed to local listeners only. Sending is
 * best effort: a change is a wake-up call, and sessions also re-read the store on every command.
 */
public class MailboxChanges {

    private static final Logger LOG = Logger.getLogger(MailboxChanges.class);

    private final Consumer<MailboxChanged> outbound;
    private final List<Consumer<MailboxChanged>> listeners = new CopyOnWriteArrayList<>();

    public MailboxChanges(Consumer<MailboxChanged> outbound) {
        this.outbound = outbound;
    }

    /** Changes stay inside this process (tests, tools). */
    public static MailboxChanges local() {
        return new MailboxChanges(e -> { });
    }

    public void addListener(Consumer<MailboxChanged> listener) {
        listeners.add(listener);
    }

    /** A change made by this instance. */
    public void publish(MailboxChanged event) {
        received(event);
        try {
            outbound.accept(event);
        } catch (RuntimeException e) {
            LOG.warnf("mailbox change for %s not published: %s", event.owner(), e.getMessage());
        }
    }

    /** A change announced by another instance or by delivery-service. */
    public void received(MailboxChanged event) {
        for (Consumer<MailboxChanged> l : listeners) {
            try {
                l.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("mailbox change listener failed", e);
            }
        }
    }
}
