#!/usr/bin/env bash
# scale-out.sh — two of each scalable service on one machine, one of each killed mid-run.
#
#   bench/scale-out.sh      starts the local stack (./mailstream up: Kafka, the Mongo-wire store,
#                           one of each service) in its own data folder and port block, then a
#                           second smtp-ingress and a second delivery-service beside them (same
#                           Kafka consumer group, so the two delivery instances share mail.local's
#                           partitions); creates SCALE_ACCOUNTS accounts; sends SCALE_COUNT messages
#                           over both ingress SMTP ports (io.mailstream.bench.ScaleOut: retries
#                           failed sessions like an MTA, only a 250 counts); kill -9s the second
#                           ingress and the second delivery instance once SCALE_KILL_AT of the
#                           messages are accepted; waits for delivery to drain; counts every INBOX
#                           over IMAP by Message-ID and prints the figures. Exit 0 only when every
#                           accepted message is in each recipient's INBOX exactly once.
#                           Stops everything it started (not part of `mvn verify`).
#
# Knobs: SCALE_COUNT (10000), SCALE_ACCOUNTS (50), SCALE_MAX_RECIPIENTS (3), SCALE_SESSIONS (8),
# SCALE_SIZE (1024 bytes), SCALE_KILL_AT (0.4), SCALE_DATA (/tmp/mailstream-scale-out; wiped at
# start), SCALE_PORT_BASE (6: ports 6xxx), SCALE_SNAPSHOT (1: run a copy of the built services).
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
COUNT="${SCALE_COUNT:-10000}"
ACCOUNTS="${SCALE_ACCOUNTS:-50}"
MAX_RCPTS="${SCALE_MAX_RECIPIENTS:-3}"
SESSIONS="${SCALE_SESSIONS:-8}"
SIZE="${SCALE_SIZE:-1024}"
KILL_AT="${SCALE_KILL_AT:-0.4}"
DATA="${SCALE_DATA:-/tmp/mailstream-scale-out}"
B="${SCALE_PORT_BASE:-6}"
DOMAIN=scale.test
PASSWORD=scale-pw
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

say() { echo "[scale-out.sh $(date -u +%H:%M:%S)] $*" >&2; }
die() { say "$*"; exit 1; }

# --- what runs: the load generator from bench/target, the services from a snapshot -----------------
if [[ ! -f "$BENCH_DIR/target/classes/io/mailstream/bench/ScaleOut.class" || ! -d "$BENCH_DIR/target/lib" ]]; then
  say "building the load generator"
  (cd "$ROOT" && mvn -B -q -o -pl bench package -DskipTests) || (cd "$ROOT" && mvn -B -q -pl bench package -DskipTests)
fi
rm -rf "$DATA"
mkdir -p "$DATA/logs"
APP="$ROOT"
if [[ "${SCALE_SNAPSHOT:-1}" == 1 ]]; then
  # A rebuild in the work tree during the run must not pull jars from under the services.
  APP="$DATA/app"
  mkdir -p "$APP/local-stack/target"
  cp "$ROOT/mailstream" "$APP/"
  for s in mailbox-api smtp-ingress relay-service delivery-service; do
    [[ -f "$ROOT/$s/target/quarkus-app/quarkus-run.jar" ]] || die "$s is not built: run 'mvn -DskipTests install' first"
    mkdir -p "$APP/$s/target"
    cp -r "$ROOT/$s/target/quarkus-app" "$APP/$s/target/"
  done
  [[ -d "$ROOT/local-stack/target/lib" ]] || die "local-stack is not built: run 'mvn -DskipTests install' first"
  cp -r "$ROOT/local-stack/target/lib" "$APP/local-stack/target/"
fi

# --- the stack: ./mailstream in its own data folder and port block -----------------------------------
export MAILSTREAM_DATA="$DATA/stack"
# shellcheck source=bench/ports.sh
source "$BENCH_DIR/ports.sh"
stack_ports "$B"
# The second instances: their own HTTP port, and for smtp-ingress its own three SMTP listeners.
INGRESS2_HTTP="${B}084" INGRESS2_SMTP="${B}526" INGRESS2_SUBMISSION="${B}588" INGRESS2_SMTPS="${B}466"
DELIVERY2_HTTP="${B}085"

declare -A EXTRA_PIDS=()
STACK_UP=false
# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
  local name pid
  for name in "${!EXTRA_PIDS[@]}"; do
    pid="${EXTRA_PIDS[$name]}"
    kill -TERM "$pid" 2>/dev/null || true
  done
  for name in "${!EXTRA_PIDS[@]}"; do
    pid="${EXTRA_PIDS[$name]}"
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  if [[ "$STACK_UP" == true ]]; then
    "$APP/mailstream" down >&2 || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "starting the local stack in $MAILSTREAM_DATA (ports ${B}xxx)"
STACK_UP=true
"$APP/mailstream" up >&2

# start_extra NAME SERVICE HTTP_PORT [VAR=VALUE...] — one more instance of SERVICE, configured as
# ./mailstream configures the first one (same Kafka, store, database and certificate).
start_extra() {
  local name="$1" service="$2" http="$3"
  shift 3
  (
    export KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$MAILSTREAM_KAFKA_PORT"
    export QUARKUS_MONGODB_CONNECTION_STRING="mongodb://127.0.0.1:$MAILSTREAM_MONGO_PORT"
    export MAILSTREAM_MONGODB_DATABASE=mailstream QUARKUS_HTTP_PORT="$http"
    export MAILSTREAM_TLS_CERT="$MAILSTREAM_DATA/tls/cert.pem" MAILSTREAM_TLS_KEY="$MAILSTREAM_DATA/tls/key.pem"
    # shellcheck disable=SC2163 # the arguments are VAR=VALUE words
    [[ $# -gt 0 ]] && export "$@"
    cd "$APP" && exec "$JAVA" -Xms32m -Xmx256m -XX:+UseSerialGC -Xss512k -Dmailstream.part="$name" \
      -jar "$APP/$service/target/quarkus-app/quarkus-run.jar" </dev/null >"$DATA/logs/$name.log" 2>&1
  ) &
  EXTRA_PIDS[$name]=$!
  disown "$!" # its kill -9 is the point of the run, not news for the shell
  say "started $name (pid ${EXTRA_PIDS[$name]}), HTTP on 127.0.0.1:$http"
}

start_extra smtp-ingress-2 smtp-ingress "$INGRESS2_HTTP" MAILSTREAM_SMTP_PORT="$INGRESS2_SMTP" \
  MAILSTREAM_SMTP_SUBMISSION_PORT="$INGRESS2_SUBMISSION" MAILSTREAM_SMTP_SMTPS_PORT="$INGRESS2_SMTPS"
start_extra delivery-service-2 delivery-service "$DELIVERY2_HTTP"
for name in smtp-ingress-2 delivery-service-2; do
  [[ "$name" == smtp-ingress-2 ]] && port="$INGRESS2_HTTP" || port="$DELIVERY2_HTTP"
  deadline=$((SECONDS + 180))
  until curl -fsS -o /dev/null "http://127.0.0.1:$port/q/health/ready" 2>/dev/null; do
    kill -0 "${EXTRA_PIDS[$name]}" 2>/dev/null || { tail -n 30 "$DATA/logs/$name.log" >&2; die "$name exited while starting"; }
    ((SECONDS < deadline)) || { tail -n 30 "$DATA/logs/$name.log" >&2; die "$name not ready after 180 s"; }
    sleep 1
  done
  say "  $name is ready"
done

say "creating $DOMAIN and $ACCOUNTS accounts"
"$APP/mailstream" domain add "$DOMAIN" >&2
for ((a = 1; a <= ACCOUNTS; a++)); do
  "$APP/mailstream" user add "$(printf 'u%03d@%s' "$a" "$DOMAIN")" --password "$PASSWORD" >/dev/null
done

REPORT="$BENCH_DIR/target/scale-out-$(date -u +%Y%m%dT%H%M%SZ).txt"
say "running: $COUNT messages, $SESSIONS sessions, up to $MAX_RCPTS recipients of $ACCOUNTS accounts; report in $REPORT"
set +e
"$JAVA" -XX:+UseSerialGC -Xmx512m -cp "$BENCH_DIR/target/classes:$BENCH_DIR/target/lib/*" io.mailstream.bench.ScaleOut \
  --smtp-ports "$MAILSTREAM_SMTP_PORT,$INGRESS2_SMTP" --imap-port "$MAILSTREAM_IMAP_PORT" --domain "$DOMAIN" \
  --accounts "$ACCOUNTS" --password "$PASSWORD" --count "$COUNT" --sessions "$SESSIONS" --max-recipients "$MAX_RCPTS" \
  --size "$SIZE" --kill-at "$KILL_AT" --kill-pids "${EXTRA_PIDS[smtp-ingress-2]},${EXTRA_PIDS[delivery-service-2]}" |
  tee "$REPORT"
status=${PIPESTATUS[0]}
set -e
{
  echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); instances: 2 smtp-ingress, 2 delivery-service,"
  echo "1 relay-service, 1 mailbox-api, Kafka ($MAILSTREAM_DATA), the Mongo-wire store; killed: smtp-ingress-2, delivery-service-2"
} | tee -a "$REPORT"
exit "$status"
