package io.mailstream.mailbox.imap;

import io.mailstream.mailbox.imap.decode.ArgReader;
import io.mailstream.mailbox.imap.decode.CommandParser;
import io.mailstream.mailbox.imap.decode.FetchParser;
import io.mailstream.mailbox.imap.decode.SearchParser;
import io.mailstream.mailbox.imap.decode.SimpleParsers;
import io.mailstream.mailbox.imap.decode.StoreParser;
import io.mailstream.mailbox.imap.process.AuthenticateProcessor;
import io.mailstream.mailbox.imap.process.CapabilityProcessor;
import io.mailstream.mailbox.imap.process.CloseProcessor;
import io.mailstream.mailbox.imap.process.Completion;
import io.mailstream.mailbox.imap.process.ExpungeProcessor;
import io.mailstream.mailbox.imap.process.FetchProcessor;
import io.mailstream.mailbox.imap.process.ImapContext;
import io.mailstream.mailbox.imap.process.ImapProcessor;
import io.mailstream.mailbox.imap.process.ListProcessor;
import io.mailstream.mailbox.imap.process.LoginProcessor;
import io.mailstream.mailbox.imap.process.LogoutProcessor;
import io.mailstream.mailbox.imap.process.NoopProcessor;
import io.mailstream.mailbox.imap.process.SearchProcessor;
import io.mailstream.mailbox.imap.process.SelectProcessor;
import io.mailstream.mailbox.imap.process.StatusProcessor;
import io.mailstream.mailbox.imap.process.StoreProcessor;
import io.mailstream.mailbox.imap.request.ImapRequest;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/** The command table: for each command name, its parser and its processor. */
public final class ImapCommands {

    /** A decoded command bound to its processor. */
    public record Decoded(ImapRequest request, Function<ImapContext, Completion> run) {
    }

    private record Entry<R extends ImapRequest>(CommandParser<R> parser, ImapProcessor<R> processor) {
        Decoded decode(String tag, ArgReader args) {
            R request = parser.parse(tag, args);
            return new Decoded(request, ctx -> processor.handle(request, ctx));
        }
    }

    private final Map<String, Entry<?>> table = new HashMap<>();

    public ImapCommands() {
        register("CAPABILITY", SimpleParsers.noArguments("CAPABILITY"), new CapabilityProcessor());
        register("NOOP", SimpleParsers.noArguments("NOOP"), NoopProcessor.noop());
        register("CHECK", SimpleParsers.noArguments("CHECK"), NoopProcessor.check());
        register("LOGOUT", SimpleParsers.noArguments("LOGOUT"), new LogoutProcessor());
        register("LOGIN", SimpleParsers::login, new LoginProcessor());
        register("AUTHENTICATE", SimpleParsers::authenticate, new AuthenticateProcessor());
        register("LIST", SimpleParsers::list, new ListProcessor());
        register("SELECT", SimpleParsers::select, new SelectProcessor());
        register("EXAMINE", SimpleParsers::examine, new SelectProcessor());
        register("STATUS", SimpleParsers::status, new StatusProcessor());
        register("FETCH", (tag, args) -> FetchParser.parse(tag, false, args), new FetchProcessor());
        register("UID FETCH", (tag, args) -> FetchParser.parse(tag, true, args), new FetchProcessor());
        register("STORE", (tag, args) -> StoreParser.parse(tag, false, args), new StoreProcessor());
        register("UID STORE", (tag, args) -> StoreParser.parse(tag, true, args), new StoreProcessor());
        register("SEARCH", (tag, args) -> SearchParser.parse(tag, false, args), new SearchProcessor());
        register("UID SEARCH", (tag, args) -> SearchParser.parse(tag, true, args), new SearchProcessor());
        register("EXPUNGE", SimpleParsers.noArguments("EXPUNGE"), new ExpungeProcessor());
        register("CLOSE", SimpleParsers.noArguments("CLOSE"), CloseProcessor.close());
        register("UNSELECT", SimpleParsers.noArguments("UNSELECT"), CloseProcessor.unselect());
    }

    private <R extends ImapRequest> void register(String name, CommandParser<R> parser, ImapProcessor<R> processor) {
        table.put(name, new Entry<>(parser, processor));
    }

    public boolean knows(String name) {
        return table.containsKey(name);
    }

    /** Decodes the arguments of a known command; throws DecodeException on bad syntax. */
    public Decoded decode(String name, String tag, ArgReader args) {
        return table.get(name).decode(tag, args);
    }
}
