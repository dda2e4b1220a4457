#!/usr/bin/env bash
# smtp-matrix.sh — issue 3's accept benchmark in one command: smtp-ingress's SmtpBenchmark (4 KB and
# 100 KB, 10 and 50 sessions, new connection or reuse) against the full local stack, then against the
# ingress alone in discard mode. Needs the services built (mvn -DskipTests install).
#
#   bench/smtp-matrix.sh            MATRIX_SECONDS (8) per scenario, after MATRIX_WARMUP (90) seconds of
#                                   4 KB messages that let the JIT compile the hot paths; MATRIX_DATA (/tmp/mailstream-smtp-matrix,
#                                   wiped at start); the stack runs on ports 7xxx so that a stack on the
#                                   default ports is not disturbed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECS="${MATRIX_SECONDS:-8}"
WARMUP="${MATRIX_WARMUP:-90}"
export MAILSTREAM_DATA="${MATRIX_DATA:-/tmp/mailstream-smtp-matrix}"
rm -rf "$MAILSTREAM_DATA"
b=7
# shellcheck source=bench/ports.sh
source "$ROOT/bench/ports.sh"
stack_ports "$b"

"$ROOT/mailstream" up >/dev/null
trap '"$ROOT/mailstream" down >/dev/null || true' EXIT
"$ROOT/mailstream" domain add example.test
"$ROOT/mailstream" user add load@example.test --password matrix-password

echo "=== full local stack: stored and published before each 250 (the stack delivers meanwhile)"
"$ROOT/smtp-ingress/bench.sh" -Dbench.target="127.0.0.1:${b}525" -Dbench.rcpt=load@example.test \
  -Dbench.seconds="$SECS" -Dbench.warmup-seconds="$WARMUP"
"$ROOT/mailstream" down >/dev/null
trap - EXIT

echo "=== smtp-ingress alone, discard mode"
"$ROOT/smtp-ingress/bench.sh" -Dbench.seconds="$SECS" -Dbench.warmup-seconds="$WARMUP"
