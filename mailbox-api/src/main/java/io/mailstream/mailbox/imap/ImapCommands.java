package io.mailstream.mailbox.imap;

import io.mailstream.mailbox.imap.decode.AppendParser;
import io.mailstream.mailbox.imap.decode.ArgReader;
import io.mailstream.mailbox.imap.decode.CommandParser;
import io.mailstream.mailbox.imap.decode.FetchParser;
import io.mailstream.mailbox.imap.decode.MailboxParsers;
import io.mailstream.mailbox.imap.decode.SearchParser;
import io.mailstream.mailbox.imap.decode.SimpleParsers;
import io.mailstream.mailbox.imap.decode.SortParser;
import io.mailstream.mailbox.imap.decode.StoreParser;
import io.mailstream.mailbox.imap.process.AppendProcessor;
import io.mailstream.mailbox.imap.process.AuthenticateProcessor;
import io.mailstream.mailbox.imap.process.CapabilityProcessor;
import io.mailstream.mailbox.imap.process.CloseProcessor;
import io.mailstream.mailbox.imap.process.Completion;
import io.mailstream.mailbox.imap.process.CopyProcessor;
import io.mailstream.mailbox.imap.process.ExpungeProcessor;
import io.mailstream.mailbox.imap.process.FetchProcessor;
import io.mailstream.mailbox.imap.process.IdleProcessor;
import io.mailstream.mailbox.imap.process.ImapContext;
import io.mailstream.mailbox.imap.process.ImapProcessor;
import io.mailstream.mailbox.imap.process.InfoProcessors;
import io.mailstream.mailbox.imap.process.ListProcessor;
import io.mailstream.mailbox.imap.process.LoginProcessor;
import io.mailstream.mailbox.imap.process.LogoutProcessor;
import io.mailstream.mailbox.imap.process.MailboxProcessors;
import io.mailstream.mailbox.imap.process.NoopProcessor;
import io.mailstream.mailbox.imap.process.QuotaProcessors;
import io.mailstream.mailbox.imap.process.SearchProcessor;
import io.mailstream.mailbox.imap.process.SelectProcessor;
import io.mailstream.mailbox.imap.process.SortProcessor;
import io.mailstream.mailbox.imap.process.StatusProcessor;
import io.mailstream.mailbox.imap.process.StoreProcessor;
import io.mailstream.mailbox.imap.process.UidExpungeProcessor;
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
        register("LIST", MailboxParsers::list, new ListProcessor());
        register("LSUB", MailboxParsers::lsub, new ListProcessor());
        register("CREATE", MailboxParsers::create, new MailboxProcessors.Create());
        register("DELETE", MailboxParsers.oneMailbox("DELETE"), new MailboxProcessors.Delete());
        register("RENAME", MailboxParsers::rename, new MailboxProcessors.Rename());
        register("SUBSCRIBE", MailboxParsers.oneMailbox("SUBSCRIBE"), new MailboxProcessors.Subscribe());
        register("UNSUBSCRIBE", MailboxParsers.oneMailbox("UNSUBSCRIBE"), new MailboxProcessors.Subscribe());
        register("NAMESPACE", SimpleParsers.noArguments("NAMESPACE"), new InfoProcessors.Namespace());
        register("ID", MailboxParsers::id, new InfoProcessors.Id());
        register("ENABLE", MailboxParsers::enable, new InfoProcessors.Enable());
        register("APPEND", AppendParser::parse, new AppendProcessor());
        register("COPY", MailboxParsers.copy(false, false), new CopyProcessor());
        register("UID COPY", MailboxParsers.copy(true, false), new CopyProcessor());
        register("MOVE", MailboxParsers.copy(false, true), new CopyProcessor());
        register("UID MOVE", MailboxParsers.copy(true, true), new CopyProcessor());
        register("UID EXPUNGE", MailboxParsers::uidExpunge, new UidExpungeProcessor());
        register("GETQUOTAROOT", MailboxParsers.oneMailbox("GETQUOTAROOT"), new QuotaProcessors.GetQuotaRoot());
        register("GETQUOTA", MailboxParsers.oneMailbox("GETQUOTA"), new QuotaProcessors.GetQuota());
        register("SETQUOTA", MailboxParsers::setQuota, new QuotaProcessors.SetQuota());
        register("SORT", SortParser.sort(false), new SortProcessor());
        register("UID SORT", SortParser.sort(true), new SortProcessor());
        register("THREAD", SortParser.thread(false), new SortProcessor());
        register("UID THREAD", SortParser.thread(true), new SortProcessor());
        register("IDLE", SimpleParsers.noArguments("IDLE"), new IdleProcessor());
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
