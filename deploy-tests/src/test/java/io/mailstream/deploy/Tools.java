package io.mailstream.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Runs command-line tools (kubectl, promtool, docker-compose) when the machine has them. */
final class Tools {

    record Result(int exitCode, String output) {
    }

    private Tools() {
    }

    static boolean installed(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Path.of(dir, tool).toFile().canExecute()) {
                return true;
            }
        }
        return false;
    }

    /** Skips the calling test, saying why and how to install, when {@code tool} is not on the PATH. */
    static void assumeInstalled(String tool, String install) {
        assumeTrue(installed(tool), tool + " is not installed, so this check is skipped; install it with: " + install);
    }

    static Result run(Map<String, String> env, String... command) {
        ProcessBuilder builder = new ProcessBuilder(List.of(command)).directory(Repo.ROOT.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", command));
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Result run(String... command) {
        return run(Map.of(), command);
    }
}
