#!/usr/bin/env bash
# Stops the test PostgreSQL server of .ci/start-postgres.sh hard (immediate: like a crash, no
# checkpoint), waits SECONDS (default 3), and starts it again with the options it had.
# Used by the chaos harness's pg-restart scenario (docs/reliability.md).
#
#   .ci/restart-postgres.sh [SECONDS]
set -euo pipefail
PAUSE="${1:-3}"
BASE="${CREDENCE_PG_DATA:-/tmp/credence-pg/data}"
pg_ctl_bin() {
  if command -v pg_ctl >/dev/null 2>&1; then command -v pg_ctl; return; fi
  ls /usr/lib/postgresql/*/bin/pg_ctl | tail -n 1
}
PG_CTL="$(pg_ctl_bin)"
if [ "$(id -u)" = "0" ]; then run() { su postgres -s /bin/bash -c "$1"; }; else run() { bash -c "$1"; }; fi
run "'$PG_CTL' -D '$BASE' stop -m immediate -w" >&2
sleep "$PAUSE"
# postmaster.opts keeps the port, listen address and socket folder of the last start.
OPTS="$(sed -e "s/^[^ ]* //" -e "s/\"-D\" \"[^\"]*\" //" "$BASE/postmaster.opts" 2>/dev/null || true)"
run "'$PG_CTL' -D '$BASE' -l '$(dirname "$BASE")/postgres.log' -w -t 60 -o \"$(printf '%s' "$OPTS" | sed -e 's/"//g')\" start" >&2
