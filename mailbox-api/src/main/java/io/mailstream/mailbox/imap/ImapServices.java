package io.mailstream.mailbox.imap;

import io.mailstream.mailbox.access.MailboxAccess;
import io.mailstream.mailbox.imap.process.AccountLimits;
import io.mailstream.mailbox.imap.process.SessionPolicy;
import io.mailstream.store.Authenticator;

import java.util.concurrent.Executor;

/**
 * What every IMAP session of a listener shares.
 *
 * @param wakeups where IDLE wake-ups run (the session worker pool; a direct executor in tests)
 */
public record ImapServices(ImapCommands commands, MailboxAccess access, Authenticator authenticator,
        IdleRegistry idle, Executor wakeups, ImapMetrics metrics, ImapLimits limits, SessionPolicy policy,
        AccountLimits accounts) {
}
