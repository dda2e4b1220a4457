package io.mailstream.smtp;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Queue ids: 10 characters of milliseconds since the epoch and 8 random ones, in Crockford
 * base32. They sort by acceptance time, carry 40 random bits per millisecond, and contain only
 * characters that are safe in headers, logs and Kafka keys.
 */
public final class QueueIds {

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private QueueIds() {
    }

    public static String next() {
        return of(System.currentTimeMillis(), ThreadLocalRandom.current().nextLong());
    }

    static String of(long millis, long random) {
        char[] id = new char[18];
        for (int i = 9; i >= 0; i--) {
            id[i] = ALPHABET[(int) (millis & 31)];
            millis >>>= 5;
        }
        for (int i = 17; i >= 10; i--) {
            id[i] = ALPHABET[(int) (random & 31)];
            random >>>= 5;
        }
        return new String(id);
    }
}
