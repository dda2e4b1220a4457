package io.mailstream.smtp;

import io.mailstream.core.MailAddress;
import io.mailstream.store.Directory;
import io.mailstream.store.StoreException;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.Locale;
import java.util.List;

/**
 * The recipient rule: at a local domain, every address the directory delivers somewhere
 * ({@link Directory#resolve}: users, aliases, {@code user+tag} subaddresses, the catch-all, the
 * configured postmaster), plus {@code postmaster} and {@code abuse} always (RFC 5321 §4.5.1,
 * RFC 2142); an address that only a disabled account would receive is refused; nobody else there. Mail for
 * any other domain is relaying: allowed for an authenticated client only, refused for everyone
 * else (no open relay). When the directory cannot answer, the client is told to try again later
 * rather than refused.
 */
@Singleton
public class DirectoryRecipientPolicy implements RecipientPolicy {

    private final Directory directory;

    @Inject
    public DirectoryRecipientPolicy(Directory directory) {
        this.directory = directory;
    }

    @Override
    public PolicyResult check(MailAddress recipient, ConnectionState connection) {
        String address = recipient.toString();
        try {
            if (!directory.isLocalDomain(recipient.domain())) {
                // The domain of the parsed address is the one delivered to: percent hacks, bang
                // paths and quoted local parts stay in the local part and never change it.
                return connection.authenticated() ? PolicyResult.accept(SmtpReplies.RECIPIENT_OK)
                        : PolicyResult.deny(SmtpReplies.about(address, SmtpReplies.RELAY_DENIED), "relay_denied");
            }
            if (isRoleAddress(recipient)) {
                return PolicyResult.accept(SmtpReplies.RECIPIENT_OK);
            }
            List<String> targets = directory.resolve(address);
            if (targets.isEmpty()) {
                return PolicyResult.deny(SmtpReplies.about(address, SmtpReplies.USER_UNKNOWN), "unknown_user");
            }
            if (targets.size() == 1 && directory.findUserForMail(targets.get(0)).map(Directory.User::disabled).orElse(false)) {
                // Only a disabled mailbox would get it (the user, a subaddress or the catch-all).
                return PolicyResult.deny(SmtpReplies.about(address, SmtpReplies.MAILBOX_DISABLED), "disabled_user");
            }
            return PolicyResult.accept(SmtpReplies.RECIPIENT_OK);
        } catch (StoreException e) {
            return PolicyResult.denySoft(SmtpReplies.about(address, SmtpReplies.LOOKUP_FAILURE), "lookup_failure");
        } catch (IllegalArgumentException e) {
            // Parsed by MailAddress, yet not an account name (e.g. a local part NFKC folds into junk).
            return PolicyResult.deny(SmtpReplies.about(address, SmtpReplies.USER_UNKNOWN), "unknown_user");
        }
    }

    /** postmaster (RFC 5321) and abuse (RFC 2142) of a local domain are accepted whatever the directory says. */
    private static boolean isRoleAddress(MailAddress recipient) {
        String local = recipient.localPart().toLowerCase(Locale.ROOT);
        return recipient.isPostmaster() || local.equals("abuse");
    }
}
