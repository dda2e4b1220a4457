package io.mailstream.smtp;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One SASL exchange of AUTH (RFC 4954) for the two password mechanisms: PLAIN (RFC 4616,
 * {@code authzid NUL authcid NUL passwd} in one response) and LOGIN (user name, then password,
 * each after its own challenge). It only collects the credentials; checking them is the caller's.
 * Responses arrive base64-decoded.
 */
public final class SaslExchange {

    /** What the server does next. */
    public sealed interface Step permits Challenge, Credentials, Malformed {
    }

    /** Send 334 with this challenge (plain text; base64-encoded on the wire). */
    public record Challenge(String text) implements Step {
    }

    /** The exchange is complete. {@code authzid} is empty unless the client asked to act as someone else. */
    public record Credentials(String authzid, String login, String password) implements Step {
    }

    /** The response cannot be what the mechanism expects. */
    public record Malformed() implements Step {
    }

    private enum Mechanism { PLAIN, LOGIN }

    private final Mechanism mechanism;
    private String login;

    private SaslExchange(Mechanism mechanism) {
        this.mechanism = mechanism;
    }

    /** PLAIN or LOGIN (any case); null for a mechanism we do not offer. */
    public static SaslExchange forMechanism(String name) {
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "PLAIN" -> new SaslExchange(Mechanism.PLAIN);
            case "LOGIN" -> new SaslExchange(Mechanism.LOGIN);
            default -> null;
        };
    }

    /** The first step: {@code initialResponse} is the decoded SASL-IR, or null when the client sent none. */
    public Step start(byte[] initialResponse) {
        if (initialResponse == null) {
            return mechanism == Mechanism.PLAIN ? new Challenge("") : new Challenge("Username:");
        }
        return respond(initialResponse);
    }

    /** The client's (decoded) answer to the last challenge. */
    public Step respond(byte[] response) {
        String text = utf8(response);
        if (text == null) {
            return new Malformed();
        }
        if (mechanism == Mechanism.PLAIN) {
            return plain(text);
        }
        if (login == null) {
            if (text.isEmpty() || text.indexOf('\0') >= 0) {
                return new Malformed();
            }
            login = text;
            return new Challenge("Password:");
        }
        return text.indexOf('\0') >= 0 ? new Malformed() : new Credentials("", login, text);
    }

    private static Step plain(String text) {
        String[] parts = text.split("\0", -1);
        if (parts.length != 3 || parts[1].isEmpty() || parts[2].isEmpty()) {
            return new Malformed();
        }
        return new Credentials(parts[0], parts[1], parts[2]);
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
