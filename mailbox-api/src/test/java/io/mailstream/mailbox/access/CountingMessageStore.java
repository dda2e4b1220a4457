package io.mailstream.mailbox.access;

import com.mongodb.client.MongoDatabase;

import io.mailstream.store.MessageStore;
import io.mailstream.store.StoredMessage;

import java.util.Collection;
import java.util.List;

/**
 * A {@link MessageStore} that counts the message reads made through it, the records (and expunges)
 * they return, and the bare versions ({@link #versionsSince}).
 */
public final class CountingMessageStore extends MessageStore {

    public long queries;
    public long fullReads;
    public long recordsRead;
    public long versionsRead;

    public CountingMessageStore(MongoDatabase db) {
        super(db);
    }

    public void reset() {
        queries = 0;
        fullReads = 0;
        recordsRead = 0;
        versionsRead = 0;
    }

    @Override
    public List<StoredMessage> list(String mailboxId) {
        fullReads++;
        return counted(super.list(mailboxId));
    }

    @Override
    public List<StoredMessage> changedSince(String mailboxId, long modSeq) {
        return counted(super.changedSince(mailboxId, modSeq));
    }

    @Override
    public List<StoredMessage> byUids(String mailboxId, Collection<Long> uids) {
        return counted(super.byUids(mailboxId, uids));
    }

    @Override
    public List<Version> versionsSince(String mailboxId, long modSeq) {
        List<Version> versions = super.versionsSince(mailboxId, modSeq);
        queries++;
        versionsRead += versions.size();
        return versions;
    }

    @Override
    public List<Expunged> expungedSince(String mailboxId, long modSeq) {
        return counted(super.expungedSince(mailboxId, modSeq));
    }

    @Override
    public List<Expunged> expungedAbove(String mailboxId, long uid) {
        return counted(super.expungedAbove(mailboxId, uid));
    }

    private <T> List<T> counted(List<T> result) {
        queries++;
        recordsRead += result.size();
        return result;
    }
}
