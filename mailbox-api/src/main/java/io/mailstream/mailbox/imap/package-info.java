/**
 * IMAP4rev1 (RFC 3501), IMAP4rev2 (RFC 9051, after ENABLE IMAP4rev2) and their common extensions over
 * the mailboxes in the store.
 *
 * <h2>SUMMARY</h2>
 * {@link io.mailstream.mailbox.imap.ImapServer} starts a {@code mail-net} TCP listener whose
 * connections are served by {@link io.mailstream.mailbox.imap.ImapSession}. A command passes
 * through layers: {@code decode} (a parser per command, from the assembled command bytes with
 * literals in place) → {@code request} (immutable records) → {@code process} (one processor per
 * command; the base class checks the connection state and maps exceptions to NO/BAD) →
 * {@code encode} (strings, literals, ENVELOPE, BODYSTRUCTURE). {@code message} parses headers,
 * addresses and the MIME tree without third-party code.
 *
 * <h2>COMMANDS</h2>
 * CAPABILITY, NOOP, LOGOUT, ID, STARTTLS, LOGIN, AUTHENTICATE PLAIN (SASL-IR), LIST (LIST-EXTENDED
 * with REMOTE, LIST-STATUS, SPECIAL-USE), LSUB, CREATE (CREATE-SPECIAL-USE), DELETE, RENAME, SUBSCRIBE,
 * UNSUBSCRIBE, NAMESPACE, ENABLE, STATUS, APPEND (MULTIAPPEND, APPENDLIMIT), IDLE, SELECT, EXAMINE
 * (CONDSTORE, QRESYNC), FETCH / UID FETCH (all RFC 3501 items, MODSEQ, CHANGEDSINCE, VANISHED),
 * STORE / UID STORE (UNCHANGEDSINCE), SEARCH / UID SEARCH (RFC 3501 keys, MODSEQ, ESEARCH
 * RETURN), SORT / THREAD (ORDEREDSUBJECT, REFERENCES), COPY / MOVE / UID COPY / UID MOVE (COPYUID), UID
 * EXPUNGE, CHECK, EXPUNGE, CLOSE, UNSELECT, GETQUOTAROOT / GETQUOTA (SETQUOTA refused); FETCH
 * BINARY; ENABLE UTF8=ACCEPT; ENABLE IMAP4rev2 (ESEARCH replies, no RECENT or {@code \Recent}, LIST
 * on SELECT, OLDNAME LIST data after RENAME, UTF-8 names); SEARCHRES ({@code RETURN (SAVE)},
 * {@code $}). LITERAL+ is accepted.
 *
 * <h2>\Recent</h2>
 * Cluster-wide, as Dovecot keeps it per mailbox: the mailbox record's {@code recentUid} is the
 * highest UID already given to a session as recent. SELECT (not EXAMINE) raises it to UIDNEXT-1 in
 * one atomic update and takes the UIDs above the old value as its own; a selected session claims
 * new arrivals the same way when it first reports them ({@code SelectedMailbox}, {@code RecentUids}).
 * STATUS RECENT counts the messages above {@code recentUid} without claiming.
 *
 * <h2>SESSION COUNT</h2>
 * {@code max-sessions-per-account} is counted over all instances with mail-store {@code Leases}
 * (collection {@code imap_sessions}): one upsert at login, one delete when the connection ends,
 * one bulk renewal per instance every quarter of {@code session-lease-ttl}. A store failure at
 * login answers {@code NO [UNAVAILABLE]} (the limit is never skipped).
 *
 * <h2>INPUT / OUTPUT</h2>
 * {@code mailbox.changes}: consumed (channel {@code changes}, a consumer group per instance) to
 * wake IDLE sessions; IMAP's own changes are published there too (channel {@code changesout}).
 *
 * <h2>CONFIGURATION</h2>
 * {@code mailstream.imap.host} (0.0.0.0), {@code .port} (2143; 0 = any), {@code .imaps-port}
 * (2993), {@code .allow-plaintext-loopback} (false), {@code .append-limit} (25 MiB),
 * {@code .idle-check-interval} (2M), {@code .max-connections} (1000), {@code .idle-timeout}
 * (30M), {@code .worker-threads} (32), {@code .max-line-length} (8192), {@code .max-literal-size}
 * (65536; 8192 before login), {@code .max-bad-commands} (50), {@code .max-failed-logins} (3),
 * {@code .max-sessions-per-account} (50, all instances), {@code .session-lease-ttl} (2M), {@code .commands-per-second} (200), {@code .command-burst} (2000);
 * {@code mailstream.tls.cert} / {@code .key} (PEM; without them no STARTTLS and no IMAPS).
 *
 * <h2>DIAGNOSTICS</h2>
 * Metrics {@code mailstream_imap_sessions_total}, {@code mailstream_imap_logins_total{result}},
 * {@code mailstream_imap_commands_total{command,result}}, {@code mailstream_imap_command_seconds},
 * {@code mailstream_imap_idle_sessions}; readiness check {@code imap-listener}.
 * A store failure answers {@code NO [UNAVAILABLE]}; an unexpected error {@code NO [SERVERBUG]}
 * (logged with the session id in the MDC).
 *
 * <h2>LIMITATIONS</h2>
 * A message whose UID is below one already announced (a delivery that landed out of order)
 * appears at the next SELECT. The command rate is limited per session.
 */
package io.mailstream.mailbox.imap;
