package io.mailstream.mailbox.pop3.command;

import io.mailstream.mailbox.pop3.Pop3Command;
import io.mailstream.mailbox.pop3.Pop3Replies;
import io.mailstream.mailbox.pop3.Pop3Reply;
import io.mailstream.mailbox.pop3.Pop3Session;
import io.mailstream.mailbox.pop3.Pop3State;
import io.mailstream.store.StoreException;

import java.util.List;

import org.jboss.logging.Logger;

/**
 * QUIT. From TRANSACTION it enters UPDATE and removes the marked messages (RFC 1939 §6); if
 * that fails the client is told with {@code -ERR} so it knows the messages may still be there.
 * Deletions are applied only while the session still holds the maildrop lock (it may have
 * expired and been taken over if this instance could not refresh it); the lock is released last.
 */
public final class QuitCommand implements Pop3Command {

    private static final Logger LOG = Logger.getLogger(QuitCommand.class);

    @Override
    public Pop3Reply handle(Pop3Session session, String arguments) {
        if (session.state() != Pop3State.TRANSACTION) {
            return Pop3Reply.ok("Mailstream POP3 server signing off").thenClose();
        }
        session.enterUpdate();
        session.readAhead().clear();
        List<Long> uids = session.maildrop().markedUids();
        try {
            if (!uids.isEmpty()) {
                if (!session.service().stillLocked(session.owner(), session.sessionId())) {
                    LOG.warnf("pop3 %s: maildrop lock of %s lost; %d deletions not applied", session.sessionId(),
                            session.owner(), uids.size());
                    return Pop3Replies.LOCK_LOST;
                }
                long removed = session.service().expunge(session.maildrop().mailbox(), uids);
                session.metrics().deleted(removed);
            }
        } catch (StoreException e) {
            LOG.warnf(e, "pop3 %s: deleting %d messages at QUIT failed", session.sessionId(), uids.size());
            return Pop3Reply.err("[SYS/TEMP] some deleted messages not removed").thenClose();
        } finally {
            session.releaseLock();
        }
        int left = session.maildrop().count();
        return Pop3Reply.ok("Mailstream POP3 server signing off (" + left + " message" + (left == 1 ? "" : "s")
                + " left)").thenClose();
    }
}
