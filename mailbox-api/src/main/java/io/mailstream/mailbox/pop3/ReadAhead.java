package io.mailstream.mailbox.pop3;

import io.mailstream.store.StoredMessage;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The octets of the messages a session is about to retrieve, read from the blob store several at
 * a time. Clients (fetchmail, Thunderbird, Outlook) RETR or TOP the messages of a maildrop in
 * order, waiting for each answer; without this, every RETR would wait for its own blob store
 * query. When a session asks for a message in order (its first retrieval, the one after the
 * previous, or the same again as in TOP then RETR) and it is not held, the blobs of the following
 * live messages are fetched with it in one query, up to {@link #MAX_MESSAGES} in all; any other
 * access reads just that message. Blobs never change (their id is their SHA-256), so what is held
 * is never stale.
 *
 * <p>The fetch happens in the session's own thread: measured on the 2-core bench, fetching in the
 * background only took CPU from the sessions, and one query per 16 messages is already a small
 * share of a session's time.
 *
 * <p>Memory per session: at most {@code maxBytes} of octets held (by the sizes in the snapshot
 * when choosing what to fetch, checked again against what arrived), plus the message being sent.
 * RETR takes its message out; DELE and QUIT drop what they make useless; a retrieval drops
 * whatever the client skipped. Not thread-safe: one per session, used by its commands only.
 */
public final class ReadAhead {

    /** Messages fetched together at most: enough to make the query cost small per message. */
    public static final int MAX_MESSAGES = 16;

    private final MaildropService service;
    private final long maxBytes;
    private final Map<Integer, byte[]> held = new HashMap<>();
    private long heldBytes;
    private int last;

    /** {@code maxBytes} 0 turns read-ahead off: every message is read when asked for. */
    public ReadAhead(MaildropService service, long maxBytes) {
        this.service = service;
        this.maxBytes = Math.max(0, maxBytes);
    }

    /**
     * The stored octets of live message {@code number}, or empty when its blob is gone.
     *
     * @param keep true for TOP (a RETR of the same message may follow), false for RETR
     */
    public Optional<byte[]> octets(Maildrop drop, int number, boolean keep) {
        boolean inOrder = last == 0 || number == last + 1 || number == last;
        last = number;
        dropBelow(number);
        byte[] raw = keep ? held.get(number) : take(number);
        if (raw != null) {
            return Optional.of(raw);
        }
        String wanted = drop.live(number).orElseThrow().blobId();
        Map<Integer, String> batch = inOrder ? batchAfter(drop, number) : Map.of();
        if (batch.isEmpty()) {
            raw = service.read(wanted).orElse(null);
        } else {
            Set<String> ids = new LinkedHashSet<>();
            ids.add(wanted);
            ids.addAll(batch.values());
            Map<String, byte[]> found = service.readAll(ids);
            raw = found.get(wanted);
            batch.forEach((n, id) -> hold(n, found.get(id)));
        }
        if (keep) {
            hold(number, raw);
        }
        return Optional.ofNullable(raw);
    }

    /** Whether message {@code number}'s octets are held: retrieving it reads nothing. */
    public boolean holds(int number) {
        return held.containsKey(number);
    }

    /** DELE: a marked message cannot be retrieved in this session (after RSET it is read again). */
    public void forget(int number) {
        take(number);
    }

    /** QUIT or the end of the connection. */
    public void clear() {
        held.clear();
        heldBytes = 0;
    }

    /** Octets held now. */
    long heldBytes() {
        return heldBytes;
    }

    /** Message numbers held now. */
    Set<Integer> heldNumbers() {
        return held.keySet();
    }

    /** Live messages after {@code number}, not held yet, that fit the budget, in order: numbers and blob ids. */
    private Map<Integer, String> batchAfter(Maildrop drop, int number) {
        Map<Integer, String> batch = new LinkedHashMap<>();
        long bytes = heldBytes;
        for (int n = number + 1; n <= drop.size() && batch.size() < MAX_MESSAGES - 1; n++) {
            Optional<StoredMessage> next = drop.live(n);
            if (next.isEmpty() || held.containsKey(n)) {
                continue;
            }
            if (bytes + next.get().size() > maxBytes) {
                break;
            }
            bytes += next.get().size();
            batch.put(n, next.get().blobId());
        }
        return batch;
    }

    /** Keeps a message's octets if the budget allows (a snapshot size may be wrong). */
    private void hold(int number, byte[] raw) {
        if (raw != null && !held.containsKey(number) && heldBytes + raw.length <= maxBytes) {
            held.put(number, raw);
            heldBytes += raw.length;
        }
    }

    private byte[] take(int number) {
        byte[] raw = held.remove(number);
        if (raw != null) {
            heldBytes -= raw.length;
        }
        return raw;
    }

    /** A retrieval at {@code number}: what the client skipped before it will not be asked for in order. */
    private void dropBelow(int number) {
        for (Iterator<Map.Entry<Integer, byte[]>> it = held.entrySet().iterator(); it.hasNext();) {
            Map.Entry<Integer, byte[]> e = it.next();
            if (e.getKey() < number) {
                heldBytes -= e.getValue().length;
                it.remove();
            }
        }
    }
}
