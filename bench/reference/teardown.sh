#!/usr/bin/env bash
# teardown.sh — stops the reference Postfix + Dovecot instance that setup.sh started (only that
# instance: it is addressed by its own configuration directory). Mail stays in $REF_HOME; pass
# --purge to delete it too. The packages stay installed.
set -uo pipefail

REF_HOME="${REF_HOME:-/var/lib/mailstream-bench-ref}"
QUIET=false
PURGE=false
for arg in "$@"; do
  case "$arg" in
    --quiet) QUIET=true ;;
    --purge) PURGE=true ;;
    *) echo "usage: teardown.sh [--quiet] [--purge]" >&2; exit 2 ;;
  esac
done
say() { [[ "$QUIET" == true ]] || echo "$*"; }

if [[ -f "$REF_HOME/postfix/main.cf" ]] && command -v postfix >/dev/null; then
  if postfix -c "$REF_HOME/postfix" status >/dev/null 2>&1; then
    postfix -c "$REF_HOME/postfix" stop >/dev/null 2>&1 && say "stopped the reference Postfix"
  fi
fi
if [[ -f "$REF_HOME/dovecot/dovecot.conf" ]] && command -v doveadm >/dev/null; then
  pidfile="$REF_HOME/dovecot-run/master.pid"
  if [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    doveadm -c "$REF_HOME/dovecot/dovecot.conf" stop >/dev/null 2>&1 && say "stopped the reference Dovecot"
  fi
fi
if [[ "$PURGE" == true ]]; then
  rm -rf "$REF_HOME"
  say "deleted $REF_HOME"
fi
exit 0
