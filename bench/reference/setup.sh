#!/usr/bin/env bash
# setup.sh — the reference mail server for bench/run.sh: Postfix + Dovecot from Debian packages,
# configured the way a sysadmin tunes them, on loopback ports only, in an instance of their own.
#
#   Postfix SMTP   127.0.0.1:${REF_SMTP_PORT:-3525}  (fsyncs the queue file before 250, its default)
#     └─ LMTP ──►  Dovecot LMTP 127.0.0.1:${REF_LMTP_PORT:-3024} ──► Maildir under $REF_HOME/mail
#   Dovecot IMAP   127.0.0.1:${REF_IMAP_PORT:-3143}
#   Dovecot POP3   127.0.0.1:${REF_POP3_PORT:-3110}
#
# Virtual users of example.test (passwords in a passwd-file) are given as arguments:
#   setup.sh [user@example.test:password ...]      (default: alice, load, lat, pop with password pw)
#
# The system's own /etc/postfix and /etc/dovecot are not touched: this instance keeps its
# configuration, queue, mail and logs in $REF_HOME (default /var/lib/mailstream-bench-ref) and is
# started with `postfix -c` / `dovecot -c`. Stop it with teardown.sh. Run as root (apt-get, and
# Postfix and Dovecot drop privileges to their own users).
#
# Dovecot runs in its high-performance mode: login processes serve many clients
# (service_count = 0), imap/pop3/lmtp processes are pre-started, process and client limits are
# raised, and the per-user connection limit is lifted so that 100 clients may share one account.
# Passwords use BLF-CRYPT (bcrypt) at cost 10 by default, the scheme and cost Mailstream uses, so
# that a login costs the same on both; REF_PASS_SCHEME=SHA512-CRYPT (or PLAIN) changes that.
set -euo pipefail

REF_HOME="${REF_HOME:-/var/lib/mailstream-bench-ref}"
SMTP_PORT="${REF_SMTP_PORT:-3525}"
IMAP_PORT="${REF_IMAP_PORT:-3143}"
POP3_PORT="${REF_POP3_PORT:-3110}"
LMTP_PORT="${REF_LMTP_PORT:-3024}"
DOMAIN="${REF_DOMAIN:-example.test}"
PASS_SCHEME="${REF_PASS_SCHEME:-BLF-CRYPT}"
USERS=("$@")
((${#USERS[@]} > 0)) || USERS=("alice@$DOMAIN:pw" "load@$DOMAIN:pw" "lat@$DOMAIN:pw" "pop@$DOMAIN:pw")

die() { echo "reference/setup.sh: $*" >&2; exit 1; }
[[ "$(id -u)" == 0 ]] || die "run as root (it installs packages and starts Postfix and Dovecot)"

install_packages() {
  local missing=() pkg
  for pkg in postfix dovecot-imapd dovecot-pop3d dovecot-lmtpd; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  ((${#missing[@]} == 0)) && return 0
  echo "Installing ${missing[*]} from Debian"
  # No questions, and no system-wide mail configuration: this script configures its own instance.
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # policy-rc.d 101 keeps the packages from starting the system-wide daemons on install.
  local policy=/usr/sbin/policy-rc.d created_policy=false
  if [[ ! -e "$policy" ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && created_policy=true
  fi
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  [[ "$created_policy" == true ]] && rm -f "$policy"
  return 0
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

install_packages
"$(dirname "${BASH_SOURCE[0]}")/teardown.sh" --quiet || true
for port in "$SMTP_PORT" "$IMAP_PORT" "$POP3_PORT" "$LMTP_PORT"; do
  port_open "$port" && die "port $port is in use by another program (set REF_*_PORT)"
done

id vmail >/dev/null 2>&1 || useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin vmail
VMAIL_UID="$(id -u vmail)"
VMAIL_GID="$(id -g vmail)"

mkdir -p "$REF_HOME"/{postfix,postfix-queue,postfix-data,dovecot,dovecot-run,dovecot-state,mail,log}
chown postfix:postfix "$REF_HOME/postfix-data"
chown vmail:vmail "$REF_HOME/mail"
chmod 755 "$REF_HOME" "$REF_HOME/dovecot-run"

# --- Dovecot ------------------------------------------------------------------------------------
PASSWD="$REF_HOME/dovecot/users"
: >"$PASSWD"
for entry in "${USERS[@]}"; do
  user="${entry%%:*}"
  pass="${entry#*:}"
  if [[ "$PASS_SCHEME" == BLF-CRYPT ]]; then
    hash="$(doveadm pw -s BLF-CRYPT -r 10 -p "$pass")"
  else
    hash="$(doveadm pw -s "$PASS_SCHEME" -p "$pass")"
  fi
  echo "$user:$hash::::::" >>"$PASSWD"
done
chmod 640 "$PASSWD"
chown root:dovecot "$PASSWD"

cat >"$REF_HOME/dovecot/dovecot.conf" <<EOF
# Written by bench/reference/setup.sh.
base_dir = $REF_HOME/dovecot-run
state_dir = $REF_HOME/dovecot-state
instance_name = mailstream-bench-ref
protocols = imap pop3 lmtp
listen = 127.0.0.1
log_path = $REF_HOME/log/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = $VMAIL_UID

passdb {
  driver = passwd-file
  args = scheme=$PASS_SCHEME $PASSWD
}
userdb {
  driver = static
  args = uid=$VMAIL_UID gid=$VMAIL_GID home=$REF_HOME/mail/%d/%n
}
mail_location = maildir:~/Maildir
# Dovecot's default: fsync where it matters for crash safety (LMTP delivery, index writes).
mail_fsync = optimized
namespace inbox {
  inbox = yes
}

# High-performance mode.
default_process_limit = 1024
default_client_limit = 10000
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $IMAP_PORT
  }
  inet_listener imaps {
    port = 0
  }
  service_count = 0
  process_min_avail = 2
  client_limit = 4000
}
service pop3-login {
  inet_listener pop3 {
    address = 127.0.0.1
    port = $POP3_PORT
  }
  inet_listener pop3s {
    port = 0
  }
  service_count = 0
  process_min_avail = 2
  client_limit = 4000
}
service imap {
  process_min_avail = 8
  process_limit = 1024
}
service pop3 {
  process_min_avail = 8
  process_limit = 1024
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = $LMTP_PORT
  }
  unix_listener lmtp {
    mode = 0
  }
  process_min_avail = 4
}
service auth {
  client_limit = 10000
}
service anvil {
  client_limit = 10000
}
auth_cache_size = 10M
# With a strong scheme (BLF-CRYPT, the default here) the auth master process would verify every
# cached password itself, on one core; Dovecot's tuning guide moves that to the auth workers.
auth_cache_verify_password_with_worker = yes
protocol imap {
  mail_max_userip_connections = 1000
}
protocol pop3 {
  mail_max_userip_connections = 1000
  pop3_uidl_format = %08Xu%08Xv
}
protocol lmtp {
  postmaster_address = postmaster@$DOMAIN
}
EOF

# --- Postfix ------------------------------------------------------------------------------------
PF="$REF_HOME/postfix"
printf '%s\n' "${USERS[@]%%:*}" | sed 's/$/ OK/' >"$PF/vmailbox"
cat >"$PF/main.cf" <<EOF
# Written by bench/reference/setup.sh.
compatibility_level = 3.6
queue_directory = $REF_HOME/postfix-queue
data_directory = $REF_HOME/postfix-data
mail_owner = postfix
setgid_group = postdrop
myhostname = reference.localdomain
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
virtual_mailbox_domains = $DOMAIN
virtual_mailbox_maps = texthash:$PF/vmailbox
virtual_transport = lmtp:inet:127.0.0.1:$LMTP_PORT
smtpd_peername_lookup = no
message_size_limit = 52428800
default_process_limit = 200
lmtp_destination_concurrency_limit = 20
maillog_file = $REF_HOME/log/postfix.log
EOF
cat >"$PF/master.cf" <<EOF
# Written by bench/reference/setup.sh. No chroot: the instance lives in $REF_HOME.
127.0.0.1:$SMTP_PORT inet n - n - - smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
lmtp      unix  -       -       n       -       -       lmtp
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
EOF

# The daemons must not inherit this script's output: a caller reading it through a pipe would wait
# for them to exit.
dovecot -c "$REF_HOME/dovecot/dovecot.conf" </dev/null >>"$REF_HOME/log/start.log" 2>&1 ||
  die "Dovecot did not start, see $REF_HOME/log/start.log"
# 'postfix check' creates the queue directories of the new instance.
postfix -c "$PF" check </dev/null >>"$REF_HOME/log/start.log" 2>&1 || true
postfix -c "$PF" start </dev/null >>"$REF_HOME/log/start.log" 2>&1 ||
  die "Postfix did not start, see $REF_HOME/log/start.log"

deadline=$((SECONDS + 30))
until port_open "$SMTP_PORT" && port_open "$IMAP_PORT" && port_open "$POP3_PORT" && port_open "$LMTP_PORT"; do
  ((SECONDS < deadline)) || die "Postfix/Dovecot did not open their ports; see $REF_HOME/log"
  sleep 0.5
done
echo "Reference up: Postfix SMTP 127.0.0.1:$SMTP_PORT -> LMTP $LMTP_PORT -> Dovecot (IMAP $IMAP_PORT, POP3 $POP3_PORT)"
echo "  master pids: postfix $(cat "$REF_HOME/postfix-queue/pid/master.pid" | tr -d ' ') dovecot $(cat "$REF_HOME/dovecot-run/master.pid")"
