package io.mailstream.mailbox.access;

import io.mailstream.store.StoredMessage;

import java.util.List;

/** Lookups in a list of message records kept in ascending UID order, as every listing is. */
public final class UidOrder {

    private UidOrder() {
    }

    /** The index of the record with {@code uid}, or {@code -(insertion point) - 1} (as {@code Arrays.binarySearch}). */
    public static int indexOf(List<StoredMessage> byUid, long uid) {
        int lo = 0;
        int hi = byUid.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long u = byUid.get(mid).uid();
            if (u < uid) {
                lo = mid + 1;
            } else if (u > uid) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -lo - 1;
    }
}
