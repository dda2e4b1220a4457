package io.mailstream.mailbox.admin;

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

    /** One account in a listing. Password hashes never leave the directory. */
    public record UserView(String address, String domain, boolean disabled) {
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
