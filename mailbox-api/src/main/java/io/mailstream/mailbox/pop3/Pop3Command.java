package io.mailstream.mailbox.pop3;

/**
 * One POP3 command verb. The registry ({@link Pop3Commands}) checks the session state before a
 * command runs, so a handler only deals with its arguments.
 */
public interface Pop3Command {

    /**
     * @param arguments everything after the verb and its single separating space, as sent
     *                  (empty when the command had none)
     */
    Pop3Reply handle(Pop3Session session, String arguments);
}
