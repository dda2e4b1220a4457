package io.mailstream.mailbox.pop3;

import static io.mailstream.mailbox.pop3.Pop3State.AUTHORIZATION;
import static io.mailstream.mailbox.pop3.Pop3State.TRANSACTION;

import io.mailstream.mailbox.pop3.command.ApopCommand;
import io.mailstream.mailbox.pop3.command.AuthCommand;
import io.mailstream.mailbox.pop3.command.CapaCommand;
import io.mailstream.mailbox.pop3.command.DeleCommand;
import io.mailstream.mailbox.pop3.command.ListCommand;
import io.mailstream.mailbox.pop3.command.NoopCommand;
import io.mailstream.mailbox.pop3.command.PassCommand;
import io.mailstream.mailbox.pop3.command.QuitCommand;
import io.mailstream.mailbox.pop3.command.RetrCommand;
import io.mailstream.mailbox.pop3.command.RsetCommand;
import io.mailstream.mailbox.pop3.command.StatCommand;
import io.mailstream.mailbox.pop3.command.StlsCommand;
import io.mailstream.mailbox.pop3.command.TopCommand;
import io.mailstream.mailbox.pop3.command.UidlCommand;
import io.mailstream.mailbox.pop3.command.UserCommand;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The verbs a session understands and the states each is valid in. */
public final class Pop3Commands {

    /** A command with the states it may run in. */
    public record Registration(Pop3Command command, Set<Pop3State> states) {
    }

    private final Map<String, Registration> byVerb = new LinkedHashMap<>();

    /** RFC 1939 with RFC 2449 CAPA, RFC 2595 STLS and RFC 5034 AUTH. */
    public static Pop3Commands standard() {
        return new Pop3Commands()
                .add("USER", new UserCommand(), AUTHORIZATION)
                .add("PASS", new PassCommand(), AUTHORIZATION)
                .add("APOP", new ApopCommand(), AUTHORIZATION)
                .add("AUTH", new AuthCommand(), AUTHORIZATION)
                .add("STLS", new StlsCommand(), AUTHORIZATION)
                .add("STAT", new StatCommand(), TRANSACTION)
                .add("LIST", new ListCommand(), TRANSACTION)
                .add("UIDL", new UidlCommand(), TRANSACTION)
                .add("RETR", new RetrCommand(), TRANSACTION)
                .add("TOP", new TopCommand(), TRANSACTION)
                .add("DELE", new DeleCommand(), TRANSACTION)
                .add("RSET", new RsetCommand(), TRANSACTION)
                .add("NOOP", new NoopCommand(), TRANSACTION)
                .add("CAPA", new CapaCommand(), AUTHORIZATION, TRANSACTION)
                .add("QUIT", new QuitCommand(), AUTHORIZATION, TRANSACTION);
    }

    public Pop3Commands add(String verb, Pop3Command command, Pop3State first, Pop3State... more) {
        byVerb.put(verb.toUpperCase(Locale.ROOT), new Registration(command, EnumSet.of(first, more)));
        return this;
    }

    /** The registration of a verb (any case), or null if unknown. */
    public Registration lookup(String verb) {
        return byVerb.get(verb.toUpperCase(Locale.ROOT));
    }
}
