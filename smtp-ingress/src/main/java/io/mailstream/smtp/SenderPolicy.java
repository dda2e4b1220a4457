package io.mailstream.smtp;

import io.mailstream.core.MailAddress;

/**
 * Which envelope senders an authenticated client may use (Postfix's
 * {@code smtpd_sender_login_maps} with {@code reject_sender_login_mismatch}): refused with 553 5.7.1
 * otherwise, so that a customer cannot send as someone else through the submission port.
 */
@FunctionalInterface
public interface SenderPolicy {

    /** Only the account's own address; what sessions without a directory (tests, benchmarks) use. */
    SenderPolicy OWN_ADDRESS_ONLY = (account, sender) -> sender.key().equalsIgnoreCase(account);

    /**
     * @param account the authenticated account key
     * @throws io.mailstream.store.StoreException when the directory cannot answer (the client is
     *                                            told to try again later)
     */
    boolean mayUse(String account, MailAddress sender);
}
