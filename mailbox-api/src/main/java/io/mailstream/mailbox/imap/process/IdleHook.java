package io.mailstream.mailbox.imap.process;

/** How IDLE asks its session to be woken when the user's mailboxes change, and to stop. */
public interface IdleHook {

    void start();

    void stop();

    IdleHook NONE = new IdleHook() {
        @Override
        public void start() {
        }

        @Override
        public void stop() {
        }
    };
}
