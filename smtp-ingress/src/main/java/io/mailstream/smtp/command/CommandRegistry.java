package io.mailstream.smtp.command;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The verbs a listener understands and the handler of each, preconditions included. */
public final class CommandRegistry {

    private final Map<String, CommandHandler> handlers;

    private CommandRegistry(Map<String, CommandHandler> handlers) {
        this.handlers = Collections.unmodifiableMap(new LinkedHashMap<>(handlers));
    }

    /** The handler for an upper-case verb, or null for a command this listener does not know. */
    public CommandHandler find(String verb) {
        return handlers.get(verb);
    }

    public Set<String> verbs() {
        return handlers.keySet();
    }

    /**
     * The MX port: mail for local users from anyone, no AUTH, no TLS yet. STARTTLS, AUTH and
     * BDAT are recognised but answered 502 until issue 3 implements them.
     */
    public static CommandRegistry mx() {
        NotImplementedHandler notImplemented = new NotImplementedHandler();
        return new Builder()
                .add("EHLO", new EhloHandler())
                .add("HELO", new HeloHandler())
                .add("MAIL", new RequireHelo(new MailHandler()))
                .add("RCPT", new RequireHelo(new RequireMail(new RcptHandler())))
                .add("DATA", new RequireHelo(new RequireMail(new DataHandler())))
                .add("RSET", new RsetHandler())
                .add("NOOP", new NoopHandler())
                .add("QUIT", new QuitHandler())
                .add("VRFY", new VrfyHandler())
                .add("EXPN", new ExpnHandler())
                .add("HELP", new HelpHandler())
                .add("STARTTLS", notImplemented)
                .add("AUTH", notImplemented)
                .add("BDAT", notImplemented)
                .add("ETRN", notImplemented)
                .add("TURN", notImplemented)
                .build();
    }

    public static final class Builder {
        private final Map<String, CommandHandler> handlers = new LinkedHashMap<>();

        public Builder add(String verb, CommandHandler handler) {
            handlers.put(verb.toUpperCase(Locale.ROOT), handler);
            return this;
        }

        public CommandRegistry build() {
            return new CommandRegistry(handlers);
        }
    }
}
