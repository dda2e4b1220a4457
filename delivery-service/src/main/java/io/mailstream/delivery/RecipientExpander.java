package io.mailstream.delivery;

import io.mailstream.core.MailAddress;
import io.mailstream.core.event.LocalDelivery;
import io.mailstream.store.Directory;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the recipient of a {@code LocalDelivery} into the accounts that store it and the remote
 * addresses it is forwarded to, with {@link Directory#resolve} at delivery time (aliases,
 * {@code user+tag}, postmaster/abuse, catch-all), so a directory change since acceptance counts.
 */
@ApplicationScoped
public class RecipientExpander {

    /** Where one recipient's mail goes; both empty when nobody takes it any more. */
    public record Targets(List<String> accounts, List<String> remote) {
        boolean unknown() {
            return accounts.isEmpty() && remote.isEmpty();
        }
    }

    private final Directory directory;

    @Inject
    public RecipientExpander(Directory directory) {
        this.directory = directory;
    }

    /**
     * Checks the record and expands its owner. {@link UndeliverableMessage} for a record that can
     * never be delivered, including postmaster or abuse with no account behind them (a
     * configuration error: dead-lettered to be replayed, not bounced).
     */
    public Targets expand(LocalDelivery d) {
        check(d);
        List<String> resolved;
        try {
            resolved = directory.resolve(d.owner());
        } catch (IllegalArgumentException e) {
            throw new UndeliverableMessage("owner " + d.owner() + " is not an address: " + e.getMessage());
        }
        List<String> accounts = new ArrayList<>();
        List<String> remote = new ArrayList<>();
        Map<String, Boolean> local = new HashMap<>();
        for (String target : resolved) {
            String domain = MailAddress.parse(target).domain();
            (local.computeIfAbsent(domain, directory::isLocalDomain) ? accounts : remote).add(target);
        }
        if (accounts.isEmpty() && remote.isEmpty() && isRoleAddress(d.owner())) {
            throw new UndeliverableMessage("no account receives " + d.owner()
                    + ": create it, or set mailstream.directory.postmaster, then replay the record");
        }
        return new Targets(List.copyOf(accounts), List.copyOf(remote));
    }

    private static boolean isRoleAddress(String owner) {
        String local = owner.substring(0, owner.lastIndexOf('@')).toLowerCase(Locale.ROOT);
        return local.equals("postmaster") || local.equals("abuse");
    }

    /** A record missing these, or naming an owner that is not an account key, is never deliverable. */
    private static void check(LocalDelivery d) {
        if (isBlank(d.messageId()) || isBlank(d.blobId()) || isBlank(d.owner()) || d.acceptedAt() == null) {
            throw new UndeliverableMessage("delivery record lacks messageId, blobId, owner or acceptedAt");
        }
        String key;
        try {
            key = MailAddress.parse(d.owner()).key();
        } catch (IllegalArgumentException e) {
            throw new UndeliverableMessage("owner is not an address: " + e.getMessage());
        }
        if (!key.equals(d.owner())) {
            throw new UndeliverableMessage("owner " + d.owner() + " is not in account-key form " + key);
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
