package io.mailstream.mailbox.imap.process;

import io.mailstream.mailbox.imap.request.LoginRequest;

/** LOGIN user password: refused (LOGINDISABLED) where passwords may not travel in clear text. */
public final class LoginProcessor extends ImapProcessor<LoginRequest> {

    public LoginProcessor() {
        super(SessionState.NOT_AUTHENTICATED);
    }

    @Override
    protected Completion process(LoginRequest request, ImapContext ctx) {
        return ctx.authenticate(request.user(), request.password());
    }
}
