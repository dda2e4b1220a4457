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
     * The verbs of every SMTP listener. What differs between the MX, submission and implicit-TLS
     * ports (AUTH required, relaying) is the session's {@link io.mailstream.smtp.ListenerPolicy},
     * which the handlers consult. ETRN and TURN are recognised and answered 502.
     */
    public static CommandRegistry standard() {
        NotImplementedHandler notImplemented = new NotImplementedHandler();
        return new Builder()
                .add("EHLO", new EhloHandler())
                .add("HELO", new HeloHandler())
                .add("STARTTLS", new RequireHelo(new StartTlsHandler()))
                .add("AUTH", new RequireHelo(new AuthHandler()))
                .add("MAIL", new RequireHelo(new MailHandler()))
                .add("RCPT", new RequireHelo(new RequireMail(new RcptHandler())))
                .add("DATA", new RequireHelo(new RequireMail(new DataHandler())))
                .add("BDAT", new BdatHandler()) // checks its own preconditions: the chunk must be read anyway
                .add("RSET", new RsetHandler())
                .add("NOOP", new NoopHandler())
                .add("QUIT", new QuitHandler())
                .add("VRFY", new VrfyHandler())
                .add("EXPN", new ExpnHandler())
                .add("HELP", new HelpHandler())
                .add("ETRN", notImplemented)
                .add("TURN", notImplemented)
                .build();
    }

    /** Same as {@link #standard()}: kept for callers that name the MX port. */
    public static CommandRegistry mx() {
        return standard();
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
