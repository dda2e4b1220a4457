package io.mailstream.mailbox.imap.request;

/**
 * SELECT (read-write) or EXAMINE (read-only) of a mailbox.
 *
 * @param condstore the CONDSTORE parameter (RFC 7162) was given
 * @param qresync   the QRESYNC parameter, or null
 */
public record SelectRequest(String tag, String mailbox, boolean readOnly, boolean condstore, Qresync qresync)
        implements ImapRequest {

    /**
     * QRESYNC (uidvalidity modseq [known-uids]): what the client knew when it last looked.
     *
     * @param knownUids the UIDs it knows, or null for all
     */
    public record Qresync(long uidValidity, long modSeq, SequenceSet knownUids) {
    }

    public SelectRequest(String tag, String mailbox, boolean readOnly) {
        this(tag, mailbox, readOnly, false, null);
    }

    @Override
    public String command() {
        return readOnly ? "EXAMINE" : "SELECT";
    }
}
