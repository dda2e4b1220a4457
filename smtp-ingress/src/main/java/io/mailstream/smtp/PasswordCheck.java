package io.mailstream.smtp;

import io.mailstream.store.Authenticator;

/**
 * The credential check behind AUTH: in production mail-store's {@link Authenticator} (throttled
 * per client and per account); in memory tests a lambda.
 */
@FunctionalInterface
public interface PasswordCheck {

    Authenticator.Result authenticate(String login, String password, String clientAddress);
}
