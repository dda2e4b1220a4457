package io.mailstream.mailbox.admin;

import io.mailstream.store.Directory;

import java.math.BigDecimal;
import java.util.List;

/** Request and response bodies of the admin API, and its input checks. */
public final class AdminApi {

    private AdminApi() {
    }

    /** {@code {"name":"example.test"}} */
    public record DomainBody(String name) {
    }

    /** {@code {"address":"alice@example.test","password":"..."}}; the response carries only the address. */
    public record NewUser(String address, String password) {
    }

    /** {@code {"address":"alice@example.test"}} */
    public record UserCreated(String address) {
    }

    /** {@code {"password":"..."}} */
    public record NewPassword(String password) {
    }

    /** One account. Password hashes never leave the directory. */
    public record UserView(String address, String domain, boolean disabled, QuotaView quota) {
        static UserView of(Directory.User u) {
            return new UserView(u.address(), u.domain(), u.disabled(), QuotaView.of(u.quota()));
        }
    }

    /** Storage limits of an account as stored; 0 = unlimited. */
    public record QuotaView(long maxBytes, long maxMessages) {
        static QuotaView of(Directory.Quota q) {
            return new QuotaView(q.maxBytes(), q.maxMessages());
        }
    }

    /** One alias: its address (account-key form), domain and targets. */
    public record AliasView(String address, String domain, List<String> targets) {
        static AliasView of(Directory.Alias a) {
            return new AliasView(a.address(), a.domain(), a.targets());
        }
    }

    /**
     * {@code {"maxBytes":1073741824,"maxMessages":100000}}: storage limits, 0 = unlimited. Read as
     * decimals so that 1.5 or 1e30 are refused instead of silently rounded.
     */
    public record QuotaBody(BigDecimal maxBytes, BigDecimal maxMessages) {
    }

    /** {@code {"address":"team@example.test","targets":["alice@example.test","bob@remote.test"]}} */
    public record AliasBody(String address, List<String> targets) {
    }

    /** {@code {"targets":[...]}} to replace an alias's targets. */
    public record AliasTargets(List<String> targets) {
    }

    /** {@code {"target":"bob@example.test"}}: where a domain's otherwise unknown addresses go. */
    public record CatchAllBody(String target) {
    }

    /** Why a quota limit is refused, or null when it is a whole number from 0 to 2^63-1. */
    static String limitProblem(String name, BigDecimal value) {
        if (value == null) {
            return name + " is required (0 = unlimited)";
        }
        if (value.signum() < 0 || value.stripTrailingZeros().scale() > 0
                || value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            return name + " must be a whole number from 0 to " + Long.MAX_VALUE;
        }
        return null;
    }

    /** Why a password is refused, or null when it is acceptable (bcrypt reads at most 72 bytes). */
    static String passwordProblem(String password) {
        if (password == null || password.isEmpty()) {
            return "password is required";
        }
        if (password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                > io.mailstream.store.PasswordHasher.MAX_PASSWORD_BYTES) {
            return "password longer than " + io.mailstream.store.PasswordHasher.MAX_PASSWORD_BYTES + " bytes";
        }
        return null;
    }
}
