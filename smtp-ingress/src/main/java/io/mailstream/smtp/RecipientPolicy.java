package io.mailstream.smtp;

import io.mailstream.core.MailAddress;

/**
 * Decides whether this server takes mail for a recipient in this session. On the MX port that
 * means: local domains only, existing users only, postmaster always. (Issue 3's submission port
 * plugs in a policy that lets authenticated users relay.)
 */
@FunctionalInterface
public interface RecipientPolicy {

    PolicyResult check(MailAddress recipient, ConnectionState connection);
}
