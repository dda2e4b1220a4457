package io.mailstream.mailbox.imap;

import io.mailstream.core.event.MailboxChanged;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sessions of this instance that are in IDLE, by mailbox owner. A change to any of an owner's
 * mailboxes wakes all of that owner's idling sessions; each checks its own selected mailbox (one
 * cheap counter read when nothing changed there), which keeps this registry free of mailbox ids
 * that renames could invalidate.
 */
public final class IdleRegistry {

    private final Map<String, Set<Runnable>> byOwner = new ConcurrentHashMap<>();

    public void register(String owner, Runnable wake) {
        byOwner.computeIfAbsent(owner, o -> ConcurrentHashMap.newKeySet()).add(wake);
    }

    public void unregister(String owner, Runnable wake) {
        byOwner.computeIfPresent(owner, (o, set) -> {
            set.remove(wake);
            return set.isEmpty() ? null : set;
        });
    }

    /** Wakes the owner's idling sessions; called from the Kafka consumer and local changes. */
    public void changed(MailboxChanged event) {
        if (event == null || event.owner() == null) {
            return;
        }
        Set<Runnable> sessions = byOwner.get(event.owner());
        if (sessions != null) {
            sessions.forEach(Runnable::run);
        }
    }

    /** Wakes every idling session (the periodic check that covers lost notifications). */
    public void wakeAll() {
        byOwner.values().forEach(set -> set.forEach(Runnable::run));
    }

    public int idling() {
        return byOwner.values().stream().mapToInt(Set::size).sum();
    }
}
