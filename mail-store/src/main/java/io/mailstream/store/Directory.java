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

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import org.bson.Document;

/**
 * Local domains and user accounts. Account keys are case-folded addresses
 * ({@link MailAddress#key()}), so no spelling of a login reaches another account.
 */
@Singleton
public class Directory {

    private final MongoCollection<Document> domains;
    private final MongoCollection<Document> users;

    @Inject
    public Directory(MongoDatabase db) {
        this.domains = db.getCollection("domains");
        this.users = db.getCollection("users");
    }

    public record User(String address, String domain, boolean disabled, Date createdAt) {
    }

    /** Outcome of a directory change, for the API and CLI to report. */
    public enum Result { CREATED, UPDATED, DELETED, EXISTS, NOT_FOUND, DOMAIN_UNKNOWN, DOMAIN_NOT_EMPTY }

    public Result addDomain(String name) {
        String domain = MailAddress.normalizeDomain(name);
        try {
            domains.insertOne(new Document("_id", domain).append("createdAt", new Date()));
            return Result.CREATED;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return Result.EXISTS;
            }
            throw new StoreException("domain write failed", e);
        }
    }

    /** Removes a domain that has no users left; refuses otherwise so no account is orphaned. */
    public Result removeDomain(String name) {
        String domain = MailAddress.normalizeDomain(name);
        if (users.find(Filters.eq("domain", domain)).first() != null) {
            return Result.DOMAIN_NOT_EMPTY;
        }
        return domains.deleteOne(Filters.eq("_id", domain)).getDeletedCount() > 0 ? Result.DELETED : Result.NOT_FOUND;
    }

    public List<String> listDomains() {
        List<String> out = new ArrayList<>();
        domains.find().sort(Sorts.ascending("_id")).forEach(d -> out.add(d.getString("_id")));
        return out;
    }

    public boolean isLocalDomain(String domain) {
        try {
            return domains.find(Filters.eq("_id", MailAddress.normalizeDomain(domain))).first() != null;
        } catch (IllegalArgumentException e) {
            return false;
        } catch (MongoException e) {
            throw new StoreException("directory read failed", e);
        }
    }

    public Result addUser(String address, String password) {
        MailAddress a = MailAddress.parse(address);
        if (!isLocalDomain(a.domain())) {
            return Result.DOMAIN_UNKNOWN;
        }
        String hash = PasswordHasher.hash(password);
        try {
            users.insertOne(new Document("_id", a.key()).append("domain", a.domain()).append("passwordHash", hash)
                    .append("disabled", false).append("createdAt", new Date()));
            return Result.CREATED;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return Result.EXISTS;
            }
            throw new StoreException("user write failed", e);
        }
    }

    public Result removeUser(String address) {
        String key = MailAddress.parse(address).key();
        return users.deleteOne(Filters.eq("_id", key)).getDeletedCount() > 0 ? Result.DELETED : Result.NOT_FOUND;
    }

    public Result setPassword(String address, String password) {
        String key = MailAddress.parse(address).key();
        String hash = PasswordHasher.hash(password);
        return users.updateOne(Filters.eq("_id", key), Updates.set("passwordHash", hash)).getMatchedCount() > 0
                ? Result.UPDATED : Result.NOT_FOUND;
    }

    public Result setDisabled(String address, boolean disabled) {
        String key = MailAddress.parse(address).key();
        return users.updateOne(Filters.eq("_id", key), Updates.set("disabled", disabled)).getMatchedCount() > 0
                ? Result.UPDATED : Result.NOT_FOUND;
    }

    /** All users, or those of one domain when {@code domain} is not null. */
    public List<User> listUsers(String domain) {
        List<User> out = new ArrayList<>();
        var filter = domain == null ? new Document() : Filters.eq("domain", MailAddress.normalizeDomain(domain));
        users.find(filter).sort(Sorts.ascending("_id")).forEach(d -> out.add(toUser(d)));
        return out;
    }

    /** The account for an address, matched case-insensitively. */
    public Optional<User> findUser(String address) {
        MailAddress a;
        try {
            a = MailAddress.parse(address);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(users.find(Filters.eq("_id", a.key())).first()).map(Directory::toUser);
        } catch (MongoException e) {
            throw new StoreException("directory read failed", e);
        }
    }

    /**
     * Checks a login and password. Returns the account key when they match an enabled account.
     * Unknown and disabled accounts cost one bcrypt verification too, so timing does not tell
     * whether an account exists.
     */
    public Optional<String> authenticate(String login, String password) {
        MailAddress a;
        try {
            a = MailAddress.parse(login);
        } catch (IllegalArgumentException e) {
            PasswordHasher.verifyNobody(password);
            return Optional.empty();
        }
        Document d;
        try {
            d = users.find(Filters.eq("_id", a.key())).first();
        } catch (MongoException e) {
            throw new StoreException("directory read failed", e);
        }
        if (d == null || d.getBoolean("disabled", false)) {
            PasswordHasher.verifyNobody(password);
            return Optional.empty();
        }
        return PasswordHasher.verify(password, d.getString("passwordHash")) ? Optional.of(a.key()) : Optional.empty();
    }

    private static User toUser(Document d) {
        return new User(d.getString("_id"), d.getString("domain"), d.getBoolean("disabled", false),
                d.getDate("createdAt"));
    }
}
