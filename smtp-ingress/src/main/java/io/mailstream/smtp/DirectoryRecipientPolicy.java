package io.mailstream.smtp;

import io.mailstream.core.MailAddress;
import io.mailstream.store.Directory;
import io.mailstream.store.StoreException;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * The recipient rule: a local domain's postmaster always, its enabled users, nobody else there.
 * Mail for any other domain is relaying: allowed for an authenticated client only, refused for
 * everyone else (no open relay). When the directory cannot answer, the client is told to try
 * again later rather than refused.
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
            if (recipient.isPostmaster()) {
                return PolicyResult.accept(SmtpReplies.RECIPIENT_OK);
            }
            Optional<Directory.User> user = directory.findUser(address);
            if (user.isEmpty()) {
                return PolicyResult.deny(SmtpReplies.about(address, SmtpReplies.USER_UNKNOWN), "unknown_user");
            }
            if (user.get().disabled()) {
                return PolicyResult.deny(SmtpReplies.about(address, SmtpReplies.MAILBOX_DISABLED), "disabled_user");
            }
            return PolicyResult.accept(SmtpReplies.RECIPIENT_OK);
        } catch (StoreException e) {
            return PolicyResult.denySoft(SmtpReplies.about(address, SmtpReplies.LOOKUP_FAILURE), "lookup_failure");
        }
    }
}
