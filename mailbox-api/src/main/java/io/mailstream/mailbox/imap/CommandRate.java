package io.mailstream.mailbox.imap;

/**
 * A token bucket per session: {@code burst} commands at once, refilled at {@code perSecond}. A
 * client above the rate gets {@code NO [LIMIT]} for the excess commands instead of the server's
 * time; clients that pipeline normally never come near it.
 */
final class CommandRate {

    private final double perNano;
    private final double burst;
    private double tokens;
    private long last;

    CommandRate(int perSecond, int burst, long now) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.last = now;
    }

    /** Takes one token if there is one. */
    boolean tryTake(long now) {
        tokens = Math.min(burst, tokens + (now - last) * perNano);
        last = now;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
