package io.mailstream.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ServerProcessesTest {

    @Test
    void measuresAProcessTreeFromProc() throws Exception {
        ServerProcesses server = new ServerProcesses(Map.of("me", (int) ProcessHandle.current().pid()));
        server.start();
        // Started after start(): all of its CPU falls in the measured interval.
        Process child = new ProcessBuilder("sh", "-c", "i=0; while [ $i -lt 100000 ]; do i=$((i+1)); done; exec sleep 5").start();
        try {
            Thread.sleep(1500);
            ServerProcesses.Usage usage = server.stop();
            // The shell is a child of this JVM, so it is measured as me/sh, with its CPU.
            assertThat(usage.perGroup()).containsKey("me");
            double childCpu = usage.perGroup().entrySet().stream().filter(e -> e.getKey().startsWith("me/"))
                    .mapToDouble(e -> e.getValue()[0]).sum();
            assertThat(childCpu).isGreaterThan(0);
            assertThat(usage.cpuSeconds()).isGreaterThan(0);
            assertThat(usage.peakRssMb()).isGreaterThan(usage.perGroup().get("me")[1] - 0.01);
            assertThat(usage.peakPssMb()).isPositive();
        } finally {
            child.destroy();
        }
    }

    @Test
    void readsPidFilesAndNamedPids(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("kafka.pid"), "123\n");
        Files.writeString(dir.resolve("mongo.pid"), "456");
        assertThat(ServerProcesses.fromPidDir(dir)).containsExactly(Map.entry("kafka", 123), Map.entry("mongo", 456));
        assertThat(ServerProcesses.parsePids("postfix=1, dovecot=2")).containsExactly(Map.entry("postfix", 1), Map.entry("dovecot", 2));
    }
}
