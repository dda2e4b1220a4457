#!/usr/bin/env bash
# run.sh — Mailstream's benchmark suite in one command, side by side with Postfix + Dovecot.
#
#   bench/run.sh        starts every target, seeds it, then runs each scenario against each target
#                       in turn (interleaved, so that all targets meet the same machine load), prints
#                       the comparison with ratios, and stops what it started.
#
# Targets (BENCH_TARGETS, default "default sync" plus "reference" when Postfix and Dovecot are
# installed — bench/reference/setup.sh installs them):
#   default    Mailstream's local stack as ./mailstream up runs it           (ports 45xx/41xx/40xx)
#   sync       the same, with the broker fsyncing every message before it acknowledges
#              (log.flush.interval.messages=1, set as a dynamic cluster-wide broker config after
#              start) and the Mongo-wire store fsyncing every write (MAILSTREAM_STORE_SYNC=true).
#                                                                           (ports 55xx/51xx/50xx)
#   reference  Postfix + Dovecot on 127.0.0.1 (SMTP 3525, IMAP 3143, POP3 3110), Dovecot tuned
#
# Scenarios (BENCH_SCENARIOS; each a warm-up run, then BENCH_RUNS measured runs, medians reported):
#   smtp         10 sessions, 4 KB messages, connection reuse + PIPELINING, until all are in the mailbox
#   smtp-newconn the same with a new connection per message
#   e2e-latency  end of DATA -> EXISTS pushed in IMAP IDLE, one message at a time
#   e2e-poll     the same, seen by NOOP every 10 ms (not in the default set: Dovecot delays IDLE
#                notifications by 0.5 s, polling shows its delivery latency itself)
#   imap-mix20   20 clients: LOGIN, SELECT, FETCH 1:* (FLAGS ENVELOPE) over 1,000 messages, FETCH a
#                body, STORE +FLAGS \Seen, SEARCH UNSEEN, LOGOUT, back to back for BENCH_DURATION s
#   imap-mix100  the same with 100 clients
#   pop3         BENCH_POP3_CLIENTS (4) clients, each on its own account (POP3 locks a maildrop):
#                USER/PASS, STAT, RETR of all 1,000 messages, QUIT
#
# Before the scenarios each Mailstream stack gets BENCH_JIT_WARMUP (20000) messages over SMTP (10
# sessions, reuse), so that the JVMs have compiled their hot paths with C2 as a server that has run
# for a few minutes has; the first thousands of messages cost a cold stack two to four times the CPU
# of a warm one. 0 skips it (the figures are then those of a stack that has just started). Postfix
# and Dovecot are native code and get none.
#
# Logins cost one bcrypt (cost 10) on both sides by default. BENCH_CHEAP_LOGIN=1 makes them cheap
# on both: SHA512-CRYPT in Dovecot, bcrypt cost 4 in Mailstream.
#
# Everything listens on 127.0.0.1 only; each Mailstream stack has its own data folder
# ($BENCH_DATA/<mode>) and ports, so a stack started by hand on the default ports is not disturbed.
# The data folder starts empty on every run (BENCH_FRESH=0 keeps it): a store file grown by earlier
# runs made the same commit measure differently from one run to the next.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
RUNS="${BENCH_RUNS:-3}"
WARMUP="${BENCH_WARMUP:-1}"
DURATION="${BENCH_DURATION:-15}"
SMTP_COUNT="${BENCH_SMTP_COUNT:-1000}"
JIT_WARMUP="${BENCH_JIT_WARMUP:-20000}"
MAILDROP="${BENCH_MAILDROP:-1000}"
POP3_CLIENTS="${BENCH_POP3_CLIENTS:-4}"
BENCH_DATA="${BENCH_DATA:-/tmp/mailstream-bench-data}"
OUT="${BENCH_OUT:-$BENCH_DIR/target/results/$(date -u +%Y%m%dT%H%M%SZ)}"
SCENARIOS="${BENCH_SCENARIOS:-smtp smtp-newconn e2e-latency imap-mix20 imap-mix100 pop3}"
if [[ -n "${BENCH_TARGETS:-}" ]]; then
  TARGETS="$BENCH_TARGETS"
else
  TARGETS="default sync"
  command -v postfix >/dev/null && command -v dovecot >/dev/null && TARGETS="$TARGETS reference"
fi
export REF_HOME="${REF_HOME:-/var/lib/mailstream-bench-ref}"
export REF_SMTP_PORT="${REF_SMTP_PORT:-3525}" REF_IMAP_PORT="${REF_IMAP_PORT:-3143}" REF_POP3_PORT="${REF_POP3_PORT:-3110}"
if [[ "${BENCH_CHEAP_LOGIN:-0}" == 1 ]]; then
  export REF_PASS_SCHEME=SHA512-CRYPT
  BCRYPT_OPT="-Dmailstream.bcrypt.cost=4"
else
  BCRYPT_OPT=""
fi

DOMAIN=example.test
PASSWORD=pw
POP3_USERS=""
USERS=(alice load lat)
for ((i = 1; i <= POP3_CLIENTS; i++)); do
  USERS+=("pop$i")
  POP3_USERS+="${POP3_USERS:+,}pop$i@$DOMAIN"
done

say() { echo "[run.sh $(date -u +%H:%M:%S)] $*" >&2; }
die() { say "$*"; exit 1; }

# --- the load generator --------------------------------------------------------------------------
if [[ ! -d "$BENCH_DIR/target/classes/io" || ! -d "$BENCH_DIR/target/lib" ]]; then
  say "building the load generator"
  (cd "$ROOT" && mvn -B -q -o -pl bench package -DskipTests) || (cd "$ROOT" && mvn -B -q -pl bench package -DskipTests)
fi
# shellcheck source=bench/ports.sh
source "$BENCH_DIR/ports.sh"

bench() { java -XX:+UseSerialGC -Xmx512m -cp "$BENCH_DIR/target/classes:$BENCH_DIR/target/lib/*" io.mailstream.bench.Bench "$@"; }

# --- Mailstream stacks: one data folder and one port block per mode --------------------------------
# The stacks run from a copy of the built services, so a rebuild in the work tree during the run
# cannot pull jars from under them (BENCH_SNAPSHOT=0 runs the work tree's directly).
APP="$ROOT"
snapshot_build() {
  local s
  APP="$BENCH_DATA/app"
  rm -rf "$APP"
  mkdir -p "$APP/local-stack/target"
  cp "$ROOT/mailstream" "$APP/"
  for s in mailbox-api smtp-ingress relay-service delivery-service; do
    [[ -f "$ROOT/$s/target/quarkus-app/quarkus-run.jar" ]] || die "$s is not built: run 'mvn -DskipTests install' first"
    mkdir -p "$APP/$s/target"
    cp -r "$ROOT/$s/target/quarkus-app" "$APP/$s/target/"
  done
  cp -r "$ROOT/local-stack/target/lib" "$APP/local-stack/target/"
  say "running the services built at $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' + uncommitted changes'), copied to $APP"
}

# ms MODE COMMAND... — runs ./mailstream with the environment of that mode's stack.
ms() {
  local mode="$1" b
  shift
  case "$mode" in
    default) b=4 ;;
    sync) b=5 ;;
    *) die "no Mailstream mode $mode" ;;
  esac
  (
    export MAILSTREAM_DATA="$BENCH_DATA/$mode"
    stack_ports "$b"
    if [[ "$mode" == sync ]]; then export MAILSTREAM_STORE_SYNC=true; else unset MAILSTREAM_STORE_SYNC; fi
    # Limits raised as they are for Dovecot (mail_max_userip_connections): 100 clients share one account.
    export MAILSTREAM_IMAP_MAX_SESSIONS_PER_ACCOUNT="${MAILSTREAM_IMAP_MAX_SESSIONS_PER_ACCOUNT:-1000}"
    [[ -n "$BCRYPT_OPT" ]] && export MAILSTREAM_SERVICE_JAVA_OPTS="-Xms32m -Xmx256m -XX:+UseSerialGC -Xss512k $BCRYPT_OPT"
    "$APP/mailstream" "$@"
  )
}

# The bench options that address target $1: label, ports, server processes.
declare -A TARGET_ARGS=()

start_mailstream() {
  local mode="$1" b
  [[ "$mode" == default ]] && b=4 || b=5
  if [[ "${BENCH_FRESH:-1}" == 1 ]]; then
    rm -rf "${BENCH_DATA:?}/$mode"
  fi
  say "Mailstream ($mode): starting the local stack in $BENCH_DATA/$mode"
  STARTED_STACKS+=("$mode")
  ms "$mode" up >&2
  if [[ "$mode" == sync ]]; then
    # Every partition fsyncs after each appended batch, before the produce request (acks=all)
    # is answered.
    java -cp "$APP/local-stack/target/lib/*" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn kafka.admin.ConfigCommand \
      --bootstrap-server "127.0.0.1:${b}092" --alter --entity-type brokers --entity-default \
      --add-config log.flush.interval.messages=1 >&2 || die "could not switch the broker to fsync-per-message"
  fi
  ms "$mode" domain add "$DOMAIN" >&2 2>/dev/null || true
  local u
  for u in "${USERS[@]}"; do
    # An account left from an earlier run gets its password hashed anew (at this run's bcrypt cost).
    ms "$mode" user add "$u@$DOMAIN" --password "$PASSWORD" >&2 2>/dev/null ||
      ms "$mode" user passwd "$u@$DOMAIN" --password "$PASSWORD" >&2 2>/dev/null || true
  done
  TARGET_ARGS[$mode]="--label mailstream-$mode --smtp-port ${b}525 --imap-port ${b}143 --pop3-port ${b}110 --pid-dir $BENCH_DATA/$mode/run"
}

start_reference() {
  say "reference: starting Postfix + Dovecot"
  STARTED_REF=true
  local u accounts=()
  for u in "${USERS[@]}"; do accounts+=("$u@$DOMAIN:$PASSWORD"); done
  "$BENCH_DIR/reference/setup.sh" "${accounts[@]}" >&2
  local postfix_pid dovecot_pid
  postfix_pid="$(tr -dc '0-9' <"$REF_HOME/postfix-queue/pid/master.pid")"
  dovecot_pid="$(tr -dc '0-9' <"$REF_HOME/dovecot-run/master.pid")"
  TARGET_ARGS[reference]="--label reference --smtp-port $REF_SMTP_PORT --imap-port $REF_IMAP_PORT --pop3-port $REF_POP3_PORT --pids postfix=$postfix_pid,dovecot=$dovecot_pid"
}

# --- cleanup of whatever this script started -----------------------------------------------------
STARTED_STACKS=()
STARTED_REF=false
cleanup() {
  local mode
  for mode in ${STARTED_STACKS[@]+"${STARTED_STACKS[@]}"}; do
    ms "$mode" down >&2 || true
  done
  if [[ "$STARTED_REF" == true ]]; then
    "$BENCH_DIR/reference/teardown.sh" >&2 || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# scenario NAME TARGET — one scenario against one target, JSON into $OUT/<target>/<name>.json.
scenario() {
  local s="$1" t="$2" dir="$OUT/$2"
  # shellcheck disable=SC2206 # the target's options are words
  local common=(${TARGET_ARGS[$t]} --runs "$RUNS" --warmup "$WARMUP" --password "$PASSWORD" --json "$dir/$s.json")
  mkdir -p "$dir"
  say "$t: $s"
  case "$s" in
    smtp) bench smtp "${common[@]}" --sessions 10 --count "$SMTP_COUNT" --size 4096 --to "load@$DOMAIN" ;;
    smtp-newconn) bench smtp "${common[@]}" --sessions 10 --count "$((SMTP_COUNT / 2))" --size 4096 --connection new --to "load@$DOMAIN" ;;
    e2e-latency) bench e2e-latency "${common[@]}" --samples 40 --to "lat@$DOMAIN" ;;
    e2e-poll) bench e2e-latency "${common[@]}" --samples 40 --watch poll --poll-ms 10 --to "lat@$DOMAIN" ;;
    imap-mix20) bench imap-mix "${common[@]}" --clients 20 --duration "$DURATION" --user "alice@$DOMAIN" ;;
    imap-mix100) bench imap-mix "${common[@]}" --clients 100 --duration "$DURATION" --user "alice@$DOMAIN" ;;
    pop3) bench pop3 "${common[@]}" --clients "$POP3_CLIENTS" --duration "$DURATION" --users "$POP3_USERS" ;;
    *) die "unknown scenario $s" ;;
  esac >"$dir/$s.txt" || say "$t: $s failed (exit $?), going on"
  cat "$dir/$s.txt"
}

mkdir -p "$OUT"
say "results in $OUT; targets: $TARGETS; scenarios: $SCENARIOS; $RUNS run(s) each"
if [[ "${BENCH_SNAPSHOT:-1}" == 1 ]] && [[ " $TARGETS " == *" default "* || " $TARGETS " == *" sync "* ]]; then
  snapshot_build
fi
for t in $TARGETS; do
  case "$t" in
    default | sync) start_mailstream "$t" ;;
    reference) start_reference ;;
    *) die "unknown target $t (default, sync, reference)" ;;
  esac
done
for t in $TARGETS; do
  # shellcheck disable=SC2086
  say "$t: seeding alice and the POP3 users with $MAILDROP messages each"
  # shellcheck disable=SC2086 # the target's options are words
  bench seed ${TARGET_ARGS[$t]} --password "$PASSWORD" --to "alice@$DOMAIN,$POP3_USERS" --count "$MAILDROP" \
    --sessions 4 --time-limit 900 >&2
done
if ((JIT_WARMUP > 0)); then
  for t in $TARGETS; do
    [[ "$t" == reference ]] && continue
    say "$t: warming up the JIT with $JIT_WARMUP messages"
    # shellcheck disable=SC2086 # the target's options are words
    bench smtp ${TARGET_ARGS[$t]} --runs 1 --warmup 0 --password "$PASSWORD" --sessions 10 --count "$JIT_WARMUP" \
      --size 4096 --to "load@$DOMAIN" --time-limit 900 >/dev/null || say "$t: warm-up failed, going on"
  done
fi
for s in $SCENARIOS; do
  for t in $TARGETS; do
    scenario "$s" "$t"
  done
done

dirs=()
for t in $TARGETS; do
  [[ "$t" == reference ]] || dirs+=("$OUT/$t")
done
{
  echo "Mailstream benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/{print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "targets: $TARGETS (interleaved per scenario); cheap login: ${BENCH_CHEAP_LOGIN:-0}; JIT warm-up: $JIT_WARMUP messages"
  bench compare --baseline "$OUT/reference" "${dirs[@]}"
} | tee "$OUT/comparison.txt"
say "comparison written to $OUT/comparison.txt"
