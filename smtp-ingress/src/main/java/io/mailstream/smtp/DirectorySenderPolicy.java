package io.mailstream.smtp;

import io.mailstream.core.MailAddress;
import io.mailstream.store.Directory;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/** The account's own address, its {@code user+tag} subaddresses and the aliases that reach it ({@link Directory#maySendAs}). */
@Singleton
public class DirectorySenderPolicy implements SenderPolicy {

    private final Directory directory;

    @Inject
    public DirectorySenderPolicy(Directory directory) {
        this.directory = directory;
    }

    @Override
    public boolean mayUse(String account, MailAddress sender) {
        return directory.maySendAs(account, sender.toString());
    }
}
