package io.mailstream.mailbox.pop3.command;

import io.mailstream.mailbox.pop3.Maildrop;
import io.mailstream.mailbox.pop3.MessageNumber;
import io.mailstream.mailbox.pop3.Pop3Replies;
import io.mailstream.mailbox.pop3.Pop3Reply;
import io.mailstream.store.StoredMessage;

import java.util.OptionalInt;

/** Argument splitting and message-number resolution shared by the TRANSACTION commands. */
final class Arguments {

    private Arguments() {
    }

    /** Arguments separated by single spaces; none for an empty string. */
    static String[] split(String arguments) {
        return arguments.isEmpty() ? new String[0] : arguments.split(" ", -1);
    }

    /** A live (not deleted) message picked by a number argument, or the error to answer. */
    record Target(int number, StoredMessage message, Pop3Reply error) {

        static Target resolve(Maildrop drop, String argument) {
            OptionalInt n = MessageNumber.parse(argument);
            if (n.isEmpty() || !drop.exists(n.getAsInt())) {
                return new Target(0, null, Pop3Replies.NO_SUCH_MESSAGE);
            }
            int number = n.getAsInt();
            if (drop.isDeleted(number)) {
                return new Target(number, null, Pop3Replies.alreadyDeleted(number));
            }
            return new Target(number, drop.live(number).orElseThrow(), null);
        }

        boolean failed() {
            return error != null;
        }
    }
}
