#!/bin/sh
# Accept-throughput benchmark of smtp-ingress (see src/test/java/io/mailstream/smtp/bench/SmtpBenchmark.java).
#   ./smtp-ingress/bench.sh                       # in-process ingress, discard mode
#   ./smtp-ingress/bench.sh -Dbench.target=127.0.0.1:2525 -Dbench.rcpt=alice@example.test   # a running server
# Options: -Dbench.seconds=N per scenario (default 5).
set -e
cd "$(dirname "$0")/.."
mvn -o -q -pl smtp-ingress test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cd smtp-ingress
exec java -Xmx512m "$@" -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
    io.mailstream.smtp.bench.SmtpBenchmark
