package io.mailstream.mailbox.imap.process;

/** The IMAP connection states of RFC 3501 section 3. */
public enum SessionState { NOT_AUTHENTICATED, AUTHENTICATED, SELECTED, LOGOUT }
