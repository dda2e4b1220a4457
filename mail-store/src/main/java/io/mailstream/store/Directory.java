package io.mailstream.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import io.mailstream.core.MailAddress;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Local domains, user accounts, aliases, catch-all addresses and quotas. Every address is turned
 * into its account key by {@link LoginName}, so no spelling of a login or alias reaches another
 * account. Every change is one single-document write, so a refused or failed request leaves
 * nothing half-written. Recipient expansion for delivery is {@link #resolve(String)}.
 */
@Singleton
public class Directory {

    private final MongoCollection<Document> domains;
    private final MongoCollection<Document> users;
    private final MongoCollection<Document> aliases;
    private final RecipientResolver resolver;
    /** Local domains recently confirmed, with the System.nanoTime() until which they count as such. */
    private final Map<String, Long> localDomains = new ConcurrentHashMap<>();

    /** How long a confirmed local domain is taken as local without asking the store again. */
    public static final Duration LOCAL_DOMAIN_TTL = Duration.ofSeconds(5);

    /**
     * How long the mail path ({@link #resolve}, {@link #quota}, {@link #findUserForMail}) takes a user
     * or an alias it found as still there, unchanged. Every message asks for its recipients in
     * smtp-ingress (RCPT), relay-service (routing) and delivery-service (quota): without this,
     * six of a delivery's store round trips. Only what exists is remembered, so a user or alias
     * just added is used at once; a change made through another instance (removal, new targets,
     * quota, disabling) reaches the mail path within this time. A change made through this
     * instance applies at once: every write forgets everything remembered.
     */
    public static final Duration MAIL_PATH_TTL = Duration.ofSeconds(5);
    /** Bounds the memory of the two caches; past it they start again empty. */
    private static final int MAIL_PATH_ENTRIES = 10_000;

    private record Remembered<T>(T value, long until) {
    }

    private final Map<String, Remembered<User>> recentUsers = new ConcurrentHashMap<>();
    private final Map<String, Remembered<List<String>>> recentAliases = new ConcurrentHashMap<>();

    public Directory(MongoDatabase db) {
        this(db, Optional.empty());
    }

    /**
     * @param postmaster the account that receives postmaster@ and abuse@ of every local domain that
     *                   has no user or alias of its own for them ({@code mailstream.directory.postmaster})
     */
    @Inject
    public Directory(MongoDatabase db,
            @ConfigProperty(name = "mailstream.directory.postmaster") Optional<String> postmaster) {
        this.domains = db.getCollection("domains");
        this.users = db.getCollection("users");
        this.aliases = db.getCollection("aliases");
        this.resolver = new RecipientResolver(this, postmaster.filter(p -> !p.isBlank()).map(LoginName::address));
    }

    /** @param quota limits delivery-service enforces; {@link Quota#UNLIMITED} when none is set */
    public record User(String address, String domain, boolean disabled, Date createdAt, Quota quota) {
    }

    /** Storage limits of one account; 0 means no limit. */
    public record Quota(long maxBytes, long maxMessages) {
        public static final Quota UNLIMITED = new Quota(0, 0);

        public Quota {
            if (maxBytes < 0 || maxMessages < 0) {
                throw new IllegalArgumentException("quota limits must not be negative");
            }
        }
    }

    /** One address delivered to one or more other addresses (local accounts, other aliases or remote). */
    public record Alias(String address, String domain, List<String> targets) {
    }

    /** Outcome of a directory change, for the API and CLI to report. */
    public enum Result { CREATED, UPDATED, DELETED, EXISTS, NOT_FOUND, DOMAIN_UNKNOWN, DOMAIN_NOT_EMPTY }

    // --- domains ---

    public Result addDomain(String name) {
        String domain = MailAddress.normalizeDomain(name);
        return insert(domains, new Document("_id", domain).append("createdAt", new Date()), "domain");
    }

    /** Removes a domain that has no users and no aliases left; refuses otherwise so nothing is orphaned. */
    public Result removeDomain(String name) {
        String domain = MailAddress.normalizeDomain(name);
        try {
            if (users.find(Filters.eq("domain", domain)).first() != null
                    || aliases.find(Filters.eq("domain", domain)).first() != null) {
                return Result.DOMAIN_NOT_EMPTY;
            }
            localDomains.remove(domain);
            return domains.deleteOne(Filters.eq("_id", domain)).getDeletedCount() > 0 ? Result.DELETED
                    : Result.NOT_FOUND;
        } catch (MongoException e) {
            throw new StoreException("domain write failed", e);
        }
    }

    public List<String> listDomains() {
        List<String> out = new ArrayList<>();
        readEach(() -> domains.find().sort(Sorts.ascending("_id")).forEach(d -> out.add(d.getString("_id"))));
        return out;
    }

    /**
     * Whether mail for {@code domain} is ours. Asked several times for every message (each RCPT,
     * routing, each alias step), so a yes is remembered for {@link #LOCAL_DOMAIN_TTL}: a domain
     * removed through another instance may still take mail for that long (as Postfix's proxymap
     * caches its tables). A no is never remembered, so a domain just added is used at once.
     */
    public boolean isLocalDomain(String domain) {
        String name;
        try {
            name = MailAddress.normalizeDomain(domain);
        } catch (IllegalArgumentException e) {
            return false;
        }
        Long until = localDomains.get(name);
        long now = System.nanoTime();
        if (until != null && until - now > 0) {
            return true;
        }
        boolean local = read(() -> domains.find(Filters.eq("_id", name)).first()) != null;
        if (local) {
            localDomains.put(name, now + LOCAL_DOMAIN_TTL.toNanos());
        } else {
            localDomains.remove(name);
        }
        return local;
    }

    /**
     * Sets the catch-all of a local domain: mail for an address of the domain that is neither a
     * user nor an alias goes to {@code target} (null removes it). UPDATED, or NOT_FOUND for an
     * unknown domain; {@link IllegalArgumentException} for a target that is not an address.
     */
    public Result setCatchAll(String domain, String target) {
        String name = MailAddress.normalizeDomain(domain);
        Bson update = target == null ? Updates.unset("catchAll") : Updates.set("catchAll", targetForm(target));
        return write(() -> domains.updateOne(Filters.eq("_id", name), update).getMatchedCount() > 0
                ? Result.UPDATED : Result.NOT_FOUND);
    }

    /** The catch-all target of a domain; empty when the domain has none (or is not local). */
    public Optional<String> catchAll(String domain) {
        String name;
        try {
            name = MailAddress.normalizeDomain(domain);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        Document d = read(() -> domains.find(Filters.eq("_id", name)).first());
        return d == null ? Optional.empty() : Optional.ofNullable(d.getString("catchAll"));
    }

    // --- users ---

    public Result addUser(String address, String password) {
        MailAddress a = LoginName.address(address);
        if (!isLocalDomain(a.domain())) {
            return Result.DOMAIN_UNKNOWN;
        }
        String hash = PasswordHasher.hash(password);
        return insert(users, new Document("_id", a.key()).append("domain", a.domain()).append("passwordHash", hash)
                .append("disabled", false).append("createdAt", new Date()), "user");
    }

    public Result removeUser(String address) {
        String key = LoginName.key(address);
        return write(() -> users.deleteOne(Filters.eq("_id", key)).getDeletedCount() > 0 ? Result.DELETED
                : Result.NOT_FOUND);
    }

    public Result setPassword(String address, String password) {
        String key = LoginName.key(address);
        String hash = PasswordHasher.hash(password);
        return updateUser(key, Updates.set("passwordHash", hash));
    }

    /** A disabled account keeps its mail and its place in the directory, but cannot log in anywhere. */
    public Result setDisabled(String address, boolean disabled) {
        return updateUser(LoginName.key(address), Updates.set("disabled", disabled));
    }

    /** Stores the storage limits of an account (delivery-service enforces them). */
    public Result setQuota(String address, Quota quota) {
        return updateUser(LoginName.key(address),
                Updates.combine(Updates.set("quotaBytes", quota.maxBytes()), Updates.set("quotaMessages",
                        quota.maxMessages())));
    }

    /** All users, or those of one domain when {@code domain} is not null. */
    public List<User> listUsers(String domain) {
        List<User> out = new ArrayList<>();
        Bson filter = domain == null ? new Document() : Filters.eq("domain", MailAddress.normalizeDomain(domain));
        readEach(() -> users.find(filter).sort(Sorts.ascending("_id")).forEach(d -> out.add(toUser(d))));
        return out;
    }

    /** The account for an address, in any spelling {@link LoginName} folds to the same key. */
    public Optional<User> findUser(String address) {
        String key;
        try {
            key = LoginName.key(address);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.ofNullable(read(() -> users.find(Filters.eq("_id", key)).first())).map(Directory::toUser);
    }

    /**
     * Checks a login and password. Returns the account key when they match an enabled account.
     * Unknown and disabled accounts, and logins that are no address at all, cost one bcrypt
     * verification too, so timing does not tell whether an account exists.
     */
    public Optional<String> authenticate(String login, String password) {
        String key;
        try {
            key = LoginName.key(login);
        } catch (IllegalArgumentException e) {
            PasswordHasher.verifyNobody(password);
            return Optional.empty();
        }
        Document d = read(() -> users.find(Filters.eq("_id", key)).first());
        if (d == null || d.getBoolean("disabled", false)) {
            PasswordHasher.verifyNobody(password);
            return Optional.empty();
        }
        return PasswordHasher.verify(password, d.getString("passwordHash")) ? Optional.of(key) : Optional.empty();
    }

    // --- aliases ---

    /** At most this many targets per alias. */
    public static final int MAX_ALIAS_TARGETS = 100;

    /**
     * Creates an alias of a local domain. CREATED, EXISTS, or DOMAIN_UNKNOWN; targets are checked
     * with {@link #aliasTargets(List)}. An alias may share its address with a user: the alias wins,
     * and lists the user's own address among its targets to keep a copy in the mailbox.
     */
    public Result addAlias(String address, List<String> targets) {
        MailAddress a = LoginName.address(address);
        List<String> checked = aliasTargets(targets);
        if (!isLocalDomain(a.domain())) {
            return Result.DOMAIN_UNKNOWN;
        }
        return insert(aliases, new Document("_id", a.key()).append("domain", a.domain()).append("targets", checked)
                .append("createdAt", new Date()), "alias");
    }

    /** Replaces the targets of an existing alias: UPDATED or NOT_FOUND. */
    public Result replaceAlias(String address, List<String> targets) {
        String key = LoginName.key(address);
        List<String> checked = aliasTargets(targets);
        return write(() -> aliases.updateOne(Filters.eq("_id", key), Updates.set("targets", checked))
                .getMatchedCount() > 0 ? Result.UPDATED : Result.NOT_FOUND);
    }

    public Result removeAlias(String address) {
        String key = LoginName.key(address);
        return write(() -> aliases.deleteOne(Filters.eq("_id", key)).getDeletedCount() > 0 ? Result.DELETED
                : Result.NOT_FOUND);
    }

    public Optional<Alias> findAlias(String address) {
        String key;
        try {
            key = LoginName.key(address);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.ofNullable(read(() -> aliases.find(Filters.eq("_id", key)).first())).map(Directory::toAlias);
    }

    /** All aliases, or those of one domain when {@code domain} is not null, sorted by address. */
    public List<Alias> listAliases(String domain) {
        List<Alias> out = new ArrayList<>();
        Bson filter = domain == null ? new Document() : Filters.eq("domain", MailAddress.normalizeDomain(domain));
        readEach(() -> aliases.find(filter).sort(Sorts.ascending("_id")).forEach(d -> out.add(toAlias(d))));
        return out;
    }

    /**
     * The stored form of alias targets: each one an address (domain in A-label form; local
     * addresses as account keys, remote ones keep their local part), duplicates removed, order
     * kept. {@link IllegalArgumentException} naming the problem for an empty list, too many
     * targets or a target that is not an address.
     */
    public static List<String> aliasTargets(List<String> targets) {
        if (targets == null || targets.isEmpty()) {
            throw new IllegalArgumentException("at least one target is required");
        }
        if (targets.size() > MAX_ALIAS_TARGETS) {
            throw new IllegalArgumentException("at most " + MAX_ALIAS_TARGETS + " targets");
        }
        List<String> out = new ArrayList<>();
        for (String t : targets) {
            String form = targetForm(t);
            if (out.stream().noneMatch(form::equalsIgnoreCase)) {
                out.add(form);
            }
        }
        return out;
    }

    private static String targetForm(String target) {
        if (target == null || target.isBlank()) {
            throw new IllegalArgumentException("target must be an address");
        }
        try {
            MailAddress a = MailAddress.parse(java.text.Normalizer.normalize(target.strip(),
                    java.text.Normalizer.Form.NFKC));
            return a.toString();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid target address: " + target.strip());
        }
    }

    // --- delivery ---

    /**
     * The addresses mail for {@code address} goes to: account keys of local users and remote
     * addresses, without duplicates; empty when nobody takes it (unknown recipient). See
     * {@link RecipientResolver} for the order of the rules. {@link IllegalArgumentException} if
     * {@code address} is not an address.
     */
    public List<String> resolve(String address) {
        if (address == null) {
            throw new IllegalArgumentException("no address");
        }
        return resolver.resolve(MailAddress.parse(
                java.text.Normalizer.normalize(address.strip(), java.text.Normalizer.Form.NFKC)));
    }

    /**
     * Whether the account {@code account} (an account key) may use {@code sender} as its envelope
     * sender on submission, as Postfix's {@code smtpd_sender_login_maps} decides: its own address,
     * its {@code user+tag} subaddresses and every alias whose mail reaches it (a list's members may
     * send as the list); not a domain's catch-all, which would hand out every address there.
     * Remote addresses are nobody's.
     */
    public boolean maySendAs(String account, String sender) {
        try {
            MailAddress address = MailAddress.parse(
                    java.text.Normalizer.normalize(sender.strip(), java.text.Normalizer.Form.NFKC));
            return isLocalDomain(address.domain())
                    && resolver.resolve(address, false).contains(LoginName.key(account));
        } catch (IllegalArgumentException e) {
            return false; // not an address an account could own
        }
    }

    /** The storage limits of an account; empty for an unknown account. May be {@link #MAIL_PATH_TTL} old. */
    public Optional<Quota> quota(String address) {
        return findUserForMail(address).map(User::quota);
    }

    /**
     * {@link #findUser}, for the mail path: an account found in the last {@link #MAIL_PATH_TTL} is
     * taken as it was then. Not for logins or the admin API, which must see the store.
     */
    public Optional<User> findUserForMail(String address) {
        String key;
        try {
            key = LoginName.key(address);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.ofNullable(recentUser(key));
    }

    /** The stored targets of an alias key, or null. */
    List<String> aliasTargetsOf(String key) {
        Remembered<List<String>> known = recentAliases.get(key);
        long now = System.nanoTime();
        if (known != null && known.until() - now > 0) {
            return known.value();
        }
        Document d = read(() -> aliases.find(Filters.eq("_id", key)).first());
        if (d == null) {
            recentAliases.remove(key);
            return null;
        }
        List<String> targets = List.copyOf(d.getList("targets", String.class));
        remember(recentAliases, key, targets, now);
        return targets;
    }

    boolean userExists(String key) {
        return recentUser(key) != null;
    }

    private User recentUser(String key) {
        Remembered<User> known = recentUsers.get(key);
        long now = System.nanoTime();
        if (known != null && known.until() - now > 0) {
            return known.value();
        }
        Document d = read(() -> users.find(Filters.eq("_id", key)).first());
        if (d == null) {
            recentUsers.remove(key);
            return null;
        }
        User user = toUser(d);
        remember(recentUsers, key, user, now);
        return user;
    }

    private static <T> void remember(Map<String, Remembered<T>> cache, String key, T value, long now) {
        if (cache.size() >= MAIL_PATH_ENTRIES) {
            cache.clear();
        }
        cache.put(key, new Remembered<>(value, now + MAIL_PATH_TTL.toNanos()));
    }

    private void forgetMailPath() {
        recentUsers.clear();
        recentAliases.clear();
    }

    // --- helpers ---

    private Result updateUser(String key, Bson update) {
        return write(() -> users.updateOne(Filters.eq("_id", key), update).getMatchedCount() > 0 ? Result.UPDATED
                : Result.NOT_FOUND);
    }

    private Result insert(MongoCollection<Document> collection, Document doc, String what) {
        try {
            collection.insertOne(doc);
            return Result.CREATED;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return Result.EXISTS;
            }
            throw new StoreException(what + " write failed", e);
        } catch (MongoException e) {
            throw new StoreException(what + " write failed", e);
        } finally {
            forgetMailPath(); // after the write, so that no lookup made before it is kept
        }
    }

    private static <T> T read(java.util.function.Supplier<T> query) {
        try {
            return query.get();
        } catch (MongoException e) {
            throw new StoreException("directory read failed", e);
        }
    }

    private static void readEach(Runnable query) {
        read(() -> {
            query.run();
            return null;
        });
    }

    private Result write(java.util.function.Supplier<Result> change) {
        try {
            return change.get();
        } catch (MongoException e) {
            throw new StoreException("directory write failed", e);
        } finally {
            forgetMailPath();
        }
    }

    private static User toUser(Document d) {
        long bytes = d.get("quotaBytes") instanceof Number n ? n.longValue() : 0;
        long messages = d.get("quotaMessages") instanceof Number n ? n.longValue() : 0;
        return new User(d.getString("_id"), d.getString("domain"), d.getBoolean("disabled", false),
                d.getDate("createdAt"), new Quota(bytes, messages));
    }

    private static Alias toAlias(Document d) {
        return new Alias(d.getString("_id"), d.getString("domain"), List.copyOf(d.getList("targets", String.class)));
    }
}
