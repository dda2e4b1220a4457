package io.mailstream.mailbox.imap.process;

import java.util.List;

/** Writes UIDs as an IMAP uid-set, consecutive runs as ranges: {@code 4:7,9}. */
final class UidSets {

    private UidSets() {
    }

    /** In the given order (COPYUID pairs source and target UIDs by position). */
    static String format(List<Long> uids) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < uids.size()) {
            int j = i;
            while (j + 1 < uids.size() && uids.get(j + 1) == uids.get(j) + 1) {
                j++;
            }
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(uids.get(i));
            if (j > i) {
                sb.append(':').append(uids.get(j));
            }
            i = j + 1;
        }
        return sb.toString();
    }
}
