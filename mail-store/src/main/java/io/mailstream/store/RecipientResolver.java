package io.mailstream.store;

import io.mailstream.core.MailAddress;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jboss.logging.Logger;

/**
 * Expands a recipient into the mailboxes and remote addresses that receive its mail (the role of
 * Postfix's virtual alias and mailbox maps). For an address of a local domain, the first rule that
 * applies wins:
 * <ol>
 * <li>an alias with that address: each target is expanded in turn (a target naming the alias
 * itself means the user's own mailbox);</li>
 * <li>a user with that address;</li>
 * <li>{@code user+tag}: the same rules for {@code user};</li>
 * <li>{@code abuse}: the domain's {@code postmaster} (RFC 2142);</li>
 * <li>{@code postmaster} and {@code abuse}: the configured postmaster account;</li>
 * <li>the domain's catch-all.</li>
 * </ol>
 * Addresses of other domains are remote and returned as they are. Expansion stops at
 * {@link #MAX_DEPTH} levels, never visits an address twice (alias loops end quietly) and returns at
 * most {@link #MAX_TARGETS} addresses.
 */
final class RecipientResolver {

    static final int MAX_DEPTH = 8;
    static final int MAX_TARGETS = 1000;

    private static final Logger LOG = Logger.getLogger(RecipientResolver.class);

    private final Directory directory;
    private final Optional<MailAddress> postmaster;

    RecipientResolver(Directory directory, Optional<MailAddress> postmaster) {
        this.directory = directory;
        this.postmaster = postmaster;
    }

    List<String> resolve(MailAddress address) {
        return resolve(address, true);
    }

    /**
     * @param withCatchAll false to leave out rule 6: the addresses an account may send as are its
     *                     own, its subaddresses and the aliases that reach it, not a whole domain
     */
    List<String> resolve(MailAddress address, boolean withCatchAll) {
        Set<String> out = new LinkedHashSet<>();
        new Expansion(withCatchAll).expand(address, 0, new HashSet<>(), out);
        return List.copyOf(out);
    }

    private final class Expansion {
        private final boolean withCatchAll;

        Expansion(boolean withCatchAll) {
            this.withCatchAll = withCatchAll;
        }

        /** Adds what {@code a} expands to; true when some rule took the address (even if nothing came of it). */
        private boolean expand(MailAddress a, int depth, Set<String> seen, Set<String> out) {
            if (out.size() >= MAX_TARGETS) {
                return true;
            }
            if (!directory.isLocalDomain(a.domain())) {
                out.add(a.toString());
                return true;
            }
            String key = LoginName.key(a.toString());
            if (!seen.add(key)) {
                return true;
            }
            if (depth > MAX_DEPTH) {
                LOG.warnf("alias expansion of %s stopped: deeper than %d levels", key, MAX_DEPTH);
                return true;
            }
            if (local(key, depth, seen, out)) {
                return true;
            }
            String localPart = key.substring(0, key.lastIndexOf('@'));
            int plus = localPart.indexOf('+');
            if (plus > 0 && local(localPart.substring(0, plus) + "@" + a.domain(), depth, seen, out)) {
                return true;
            }
            if (localPart.equals("abuse") && local("postmaster@" + a.domain(), depth, seen, out)) {
                return true;
            }
            if ((localPart.equals("postmaster") || localPart.equals("abuse")) && postmaster.isPresent()) {
                return expand(postmaster.get(), depth + 1, seen, out);
            }
            Optional<String> catchAll = withCatchAll ? directory.catchAll(a.domain()) : Optional.empty();
            return catchAll.isPresent() && expand(MailAddress.parse(catchAll.get()), depth + 1, seen, out);
        }

        /** Rules 1 and 2 for one account key: alias, else user. */
        private boolean local(String key, int depth, Set<String> seen, Set<String> out) {
            List<String> targets = directory.aliasTargetsOf(key);
            if (targets != null) {
                for (String target : targets) {
                    MailAddress t = MailAddress.parse(target);
                    if (LoginName.key(target).equals(key)) {
                        if (directory.userExists(key)) {
                            out.add(key);
                        }
                    } else {
                        expand(t, depth + 1, seen, out);
                    }
                }
                return true;
            }
            if (directory.userExists(key)) {
                out.add(key);
                return true;
            }
            return false;
        }
    }
}
