package io.mailstream.mailbox.imap.encode;

import io.mailstream.store.summary.Envelope;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ENVELOPEs as encoded, by message (mailbox id and UID), shared by the sessions of an instance:
 * clients fetch the envelopes of a whole mailbox at every SELECT, and a message's envelope never
 * changes (nor does its encoding, which depends on nothing else). Mailbox ids are random and UIDs
 * are never reused in a mailbox, so a key names one message for good, whatever the store. Bounded by entries; when full it starts over,
 * which costs one encoding per message again and keeps the hot path free of bookkeeping.
 */
public final class EnvelopeCache {

    private final int maxEntries;
    private final Map<Key, byte[]> byMessage = new ConcurrentHashMap<>();

    private record Key(String mailboxId, long uid) {
    }

    public EnvelopeCache(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    /** The encoded envelope of message {@code uid} of mailbox {@code mailboxId}, whose envelope is {@code envelope}. */
    public byte[] encoded(String mailboxId, long uid, Envelope envelope) {
        Key key = new Key(mailboxId, uid);
        byte[] known = byMessage.get(key);
        if (known != null) {
            return known;
        }
        ResponseWriter w = new ResponseWriter();
        EnvelopeEncoder.write(w, envelope);
        byte[] bytes = w.toBytes();
        if (byMessage.size() >= maxEntries) {
            byMessage.clear();
        }
        byMessage.put(key, bytes);
        return bytes;
    }

    int size() {
        return byMessage.size();
    }
}
