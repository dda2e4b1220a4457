package io.mailstream.mailbox.admin;

import io.mailstream.core.MailAddress;
import io.mailstream.store.LoginName;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/**
 * Parses the addresses and domain names that admin requests carry, in one place. Bad input ends
 * the request with {@link Invalid}: 400 and {@code {"error": ...}}; nothing has been written by then.
 */
public final class AdminInput {

    /** A request field or path segment that is not what the API accepts. */
    public static final class Invalid extends WebApplicationException {
        Invalid(String message) {
            super(message, ApiError.response(Response.Status.BAD_REQUEST, message));
        }
    }

    private AdminInput() {
    }

    /** The address in normalised form ({@link LoginName}): its key is the account key. */
    static MailAddress address(String raw) {
        try {
            return LoginName.address(raw);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new Invalid("invalid address");
        }
    }

    static String domain(String raw) {
        try {
            return MailAddress.normalizeDomain(raw);
        } catch (IllegalArgumentException e) {
            throw new Invalid("invalid domain name");
        }
    }

    /** An optional {@code ?domain=} filter: null stays null (no filter). */
    static String domainFilter(String raw) {
        return raw == null ? null : domain(raw);
    }
}
