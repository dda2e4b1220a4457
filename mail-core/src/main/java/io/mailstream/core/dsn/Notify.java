package io.mailstream.core.dsn;

/** The RFC 3461 NOTIFY parameter of one recipient: which delivery status notifications its sender wants. */
public final class Notify {

    public static final String SUCCESS = "SUCCESS";
    public static final String FAILURE = "FAILURE";
    public static final String DELAY = "DELAY";

    private Notify() {
    }

    /**
     * Whether the sender wants a notice of {@code kind} (RFC 3461 §4.1): NOTIFY=NEVER never, a
     * NOTIFY list when it names the kind, no NOTIFY at all the MTA's default ({@code byDefault}:
     * failures and delays yes, successes no).
     */
    public static boolean requested(String notify, String kind, boolean byDefault) {
        if (notify == null || notify.isBlank()) {
            return byDefault;
        }
        for (String k : notify.split(",")) {
            if (k.trim().equalsIgnoreCase(kind)) {
                return true;
            }
        }
        return false;
    }
}
