#!/bin/sh
# Accept-throughput benchmark of smtp-ingress (see src/test/java/io/mailstream/smtp/bench/SmtpBenchmark.java).
#   ./smtp-ingress/bench.sh                       # in-process ingress, discard mode
#   ./smtp-ingress/bench.sh -Dbench.target=127.0.0.1:2525 -Dbench.rcpt=alice@example.test   # a running server
# Options: -Dbench.seconds=N per scenario (default 5); -Dbench.warmup-seconds=N before them (default: bench.seconds).
set -e
cd "$(dirname "$0")/.."
# Offline first (after ./mailstream up everything is in the local repository), else with the network.
build="-q -pl smtp-ingress test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test"
# shellcheck disable=SC2086 # the options are words
mvn -o $build || mvn $build
cd smtp-ingress
exec java -Xmx512m "$@" -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
    io.mailstream.smtp.bench.SmtpBenchmark
