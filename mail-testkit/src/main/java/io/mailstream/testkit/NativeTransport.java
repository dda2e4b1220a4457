package io.mailstream.testkit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Locale;

/**
 * Whether a service's listeners run on Netty's native epoll transport where mail-net ships it. A
 * dropped dependency or setting would fall back to NIO without a word; this makes it a failure.
 */
public final class NativeTransport {

    private NativeTransport() {
    }

    /** Linux on x86-64 or aarch64: the platforms mail-net brings netty-transport-native-epoll for. */
    public static boolean shipped() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        return os.startsWith("linux") && (arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64"));
    }

    /** @param enabled {@code Vertx.isNativeTransportEnabled()} of the service under test */
    public static void assertEnabled(boolean enabled) {
        assumeTrue(shipped(), "no native transport is shipped for this platform");
        assertTrue(enabled, "quarkus.vertx.prefer-native-transport is set and epoll should have loaded");
    }
}
