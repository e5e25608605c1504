#!/usr/bin/env bash
# Checks the service's container image tar (Jib's jib:buildTar output) without a container engine:
#  1. its configuration: a numeric non-root user, the service's main class as entrypoint with
#     `serve`, the environment defaults, port 8080, the volume /data, a HEALTHCHECK;
#  2. as root: unpacks the layers into a root file system and runs the entrypoint in a mount
#     namespace, chrooted, as the image's user, with the root mounted read-only apart from /data
#     (plus a tmpfs /tmp, as `docker run --read-only --tmpfs /tmp`), configured by environment
#     only; then asks /health/live and /health/ready, runs the image's own health check command,
#     decides one application, and checks what can and cannot be written.
#
#   rules/src/image/check-image.sh rules/target/jib-image.tar            # needs root, jq, curl, unshare
#
# Not part of `mvn verify` (root, a built image). The command and its output: docs/operations.md.
set -euo pipefail

image=$(readlink -f "${1:-rules/target/jib-image.tar}")
repo=$(cd "$(dirname "$0")/../../.." && pwd)
[ -f "$image" ] || { echo "check-image.sh: no image tar at $image (mvn -Pimage ... package first)" >&2; exit 2; }
for tool in jq curl unshare chroot tar; do
  command -v "$tool" >/dev/null || { echo "check-image.sh: needs $tool" >&2; exit 2; }
done

work=$(mktemp -d /var/tmp/credence-image-check.XXXXXX)
service_pid=
java_pid=
cleanup() {
  if [ -n "$java_pid" ] && kill -0 "$java_pid" 2>/dev/null; then kill -TERM "$java_pid"; fi
  if [ -n "$service_pid" ] && kill -0 "$service_pid" 2>/dev/null; then kill -TERM "$service_pid"; wait "$service_pid" || true; fi
  [ -n "${KEEP:-}" ] && { echo "kept $work"; return; }
  rm -rf "$work"
}
trap cleanup EXIT
trap 'echo "FAIL  line $LINENO: $BASH_COMMAND (exit $?)" >&2' ERR
failures=0
ok() { echo "ok    $*"; }
bad() { echo "FAIL  $*"; failures=$((failures + 1)); }
check() { # check DESCRIPTION COMMAND...
  local what=$1; shift
  if "$@"; then ok "$what"; else bad "$what"; fi
}

echo "== image $image ($(du -h "$image" | cut -f1))"
mkdir "$work/tar" "$work/rootfs" "$work/data" "$work/keys"
tar -xf "$image" -C "$work/tar"
config="$work/tar/$(jq -r '.[0].Config' "$work/tar/manifest.json")"
cfg() { jq -e "$@" "$config" >/dev/null; }
echo "   $(jq -r '.[0].RepoTags | join(" ")' "$work/tar/manifest.json"), $(jq -r '.[0].Layers | length' "$work/tar/manifest.json") layers"

echo "== configuration"
user=$(jq -r '.config.User // ""' "$config")
check "user '$user' is numeric and not root" bash -c '[[ "$1" =~ ^([0-9]+)(:[0-9]+)?$ ]] && [ "${BASH_REMATCH[1]}" != 0 ]' _ "$user"
check "entrypoint runs java with the service's main class: $(jq -c .config.Entrypoint "$config")" \
  cfg '.config.Entrypoint[0] == "java" and (.config.Entrypoint | index("io.credence.rules.service.cli.CredenceService")) != null'
check "default arguments are [\"serve\"]" cfg '.config.Cmd == ["serve"]'
for env in CREDENCE_HTTP_HOST=0.0.0.0 CREDENCE_AUDIT_DB=jdbc:h2:file:/data/credence-audit \
           CREDENCE_FILE_INPUT=/data/inbox CREDENCE_FILE_OUTPUT=/data/outbox; do
  check "environment default $env" cfg --arg e "$env" '.config.Env | index($e) != null'
done
check "exposes 8080/tcp" cfg '.config.ExposedPorts | has("8080/tcp")'
check "volume /data" cfg '.config.Volumes | has("/data")'
check "working directory /data" cfg '.config.WorkingDir == "/data"'
if cfg '.config.Healthcheck.Test | length > 1'; then
  ok "health check $(jq -c .config.Healthcheck "$config")"
  mapfile -t health < <(jq -r '.config.Healthcheck.Test[1:][]' "$config")
  [ "$(jq -r '.config.Healthcheck.Test[0]' "$config")" = CMD-SHELL ] && health=(/bin/sh -c "${health[0]}")
else
  bad "no HEALTHCHECK in the image (a base without one: give docker run --health-cmd, docs/operations.md)"
  health=(java -cp /app/classes io.credence.rules.service.probe.HealthProbe)
fi

echo "== root file system"
while read -r layer; do
  if tar --warning=no-unknown-keyword -tf "$work/tar/$layer" | grep -q '\.wh\.'; then bad "layer $layer has whiteout files (not handled here)"; fi
  tar --numeric-owner --warning=no-unknown-keyword -xpf "$work/tar/$layer" -C "$work/rootfs"
done < <(jq -r '.[0].Layers[]' "$work/tar/manifest.json")
root="$work/rootfs"
check "the health probe class is in /app/classes" test -f "$root/app/classes/io/credence/rules/service/probe/HealthProbe.class"
check "java is on the image's PATH" test -x "$root/usr/bin/java"
setuid=$(find "$root" -xdev -type f -perm /6000 | sed "s|^$root||" | tr '\n' ' ')
check "no setuid or setgid programs${setuid:+: $setuid}" test -z "$setuid"

[ "$(id -u)" = 0 ] || { echo "== not root: the run check needs root (unshare, chroot); configuration checks only"; exit $((failures > 0)); }

echo "== run (mount namespace, chroot, user $user, read-only root, /data and /tmp writable)"
uid=${user%%:*}; gid=${user#*:}; [ "$gid" = "$user" ] && gid=$uid
# What docker does at run: mount points for the volume, the secrets folder, /etc/resolv.conf and
# /etc/hosts (the host's, read-only), /data filled from the image into a fresh volume, /dev with the usual nodes.
mkdir -p "$root/etc/credence" "$root/proc" "$root/dev" "$root/tmp"
touch "$root/etc/resolv.conf" "$root/etc/hosts"
cp -a "$root/data/." "$work/data/"
chown "$uid:$gid" "$work/keys"; chmod 700 "$work/keys"
port=
for candidate in $(shuf -i 20000-60000 -n 20); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
mapfile -t entrypoint < <(jq -r '.config.Entrypoint[]' "$config")
mapfile -t cmd < <(jq -r '.config.Cmd[]' "$config")
mapfile -t image_env < <(jq -r '.config.Env[]' "$config")
run_env=("${image_env[@]}" "CREDENCE_HTTP_PORT=$port" "CREDENCE_SECURITY_API_KEYS=/etc/credence/api-keys.json")
cat >"$work/container.sh" <<'INNER'
#!/usr/bin/env bash
# container.sh ROOT DATA KEYS KEYS_MODE(ro|rw) USERSPEC(uid:gid|root) -- ENV... -- COMMAND...
set -euo pipefail
root=$1 data=$2 keys=$3 keys_mode=$4 userspec=$5; shift 5
[ "$1" = -- ] && shift
env=(); while [ "$1" != -- ]; do env+=("$1"); shift; done; shift
mount --make-rprivate /
mount --bind "$root" "$root"
mount --bind "$data" "$root/data"
mount --bind -o "$keys_mode" "$keys" "$root/etc/credence"
mount -t proc proc "$root/proc"
mount -t tmpfs -o mode=1777,size=512m,nosuid,nodev tmpfs "$root/tmp"
mount -t tmpfs -o mode=755,size=64k,nosuid tmpfs "$root/dev"
for node in null zero full random urandom tty; do touch "$root/dev/$node"; mount --bind "/dev/$node" "$root/dev/$node"; done
for file in resolv.conf hosts; do [ -f "/etc/$file" ] && mount --bind -o ro "/etc/$file" "$root/etc/$file"; done
mount -o remount,bind,ro "$root"
as=(); [ "$userspec" = root ] || as=(--userspec="$userspec")
exec chroot "${as[@]}" "$root" /usr/bin/env -i -C /data "${env[@]}" "$@"
INNER
chmod +x "$work/container.sh"
container() { # container KEYS_MODE USERSPEC COMMAND...
  local mode=$1 spec=$2; shift 2
  unshare --mount --fork "$work/container.sh" "$root" "$work/data" "$work/keys" "$mode" "$spec" -- "${run_env[@]}" -- "$@"
}

container rw "$uid:$gid" "${entrypoint[@]}" keys add --file /etc/credence/api-keys.json --name image-check --roles decide \
  >"$work/key" 2>"$work/keys.log" || { cat "$work/keys.log"; bad "keys add in the image"; exit 1; }
# The key is the last line (the jar's Log4j API prints a status line on standard output first).
key=$(tail -n 1 "$work/key")
# curl reads the header from a file, so the key is on no command line.
(umask 077; printf 'Authorization: Bearer %s\n' "$key" >"$work/auth-header")
printf '%s\n' "$key" >"$work/keys/health-key"; chown "$uid:$gid" "$work/keys/health-key"; chmod 600 "$work/keys/health-key"
check "keys add in the image wrote an API key file as user $uid" test "$(stat -c %u "$work/keys/api-keys.json")" = "$uid"

launched=$SECONDS
container ro "$uid:$gid" "${entrypoint[@]}" "${cmd[@]}" >"$work/service.log" 2>&1 &
service_pid=$!
started=
for _ in $(seq 1 240); do
  if curl -fsS -o /dev/null "http://127.0.0.1:$port/health/live" 2>/dev/null; then started=yes; break; fi
  kill -0 "$service_pid" 2>/dev/null || break
  sleep 1
done
if [ -z "$started" ]; then tail -n 40 "$work/service.log"; bad "the service did not answer /health/live on :$port"; exit 1; fi
ok "serve answers /health/live on 127.0.0.1:$port (port from CREDENCE_HTTP_PORT), $((SECONDS - launched))s after launch"
java_pid=$(ss -Hltnp "sport = :$port" | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2)
check "the service process runs as uid $uid" test "$(awk '/^Uid:/ {print $2}' "/proc/$java_pid/status")" = "$uid"
listening=$(ss -Hltn "sport = :$port" | awk '{print $4}' | tr '\n' ' ')
check "it listens on ${listening}(CREDENCE_HTTP_HOST=0.0.0.0 from the image)" bash -c '[[ "$1" == *0.0.0.0:* || "$1" == *"*:"* || "$1" == *"[::]:"* ]]' _ "$listening"
status() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
check "/health/ready without a key: 401 (access control is on)" test "$(status "http://127.0.0.1:$port/health/ready")" = 401
ready=
for _ in $(seq 1 60); do
  [ "$(status -H @"$work/auth-header" "http://127.0.0.1:$port/health/ready")" = 200 ] && { ready=yes; break; }
  sleep 1
done
check "/health/ready with the key: 200" test -n "$ready"
probe_start=$(date +%s%N)
if container ro "$uid:$gid" "${health[@]}"; then
  ok "the image's health check command exits 0 in $(( ($(date +%s%N) - probe_start) / 1000000 )) ms: ${health[*]}"
else
  bad "the image's health check command exits 0: ${health[*]}"
fi
check "the probe with --ready --key-file exits 0" container ro "$uid:$gid" "${health[@]}" --ready --key-file /etc/credence/health-key
# A client's retry on 503 (Retry-After: 1): under load the first append can miss credence.audit.append-timeout.
for attempt in 1 2 3 4 5; do
  decision=$(curl -s -w '\n%{http_code}' -H @"$work/auth-header" -H 'Content-Type: application/json' \
    --data-binary @"$repo/docs/examples/approve.json" "http://127.0.0.1:$port/api/v1/decisions")
  code=$(echo "$decision" | tail -n 1)
  [ "$code" = 503 ] || break
  sleep 1
done
check "POST /api/v1/decisions: $code $(echo "$decision" | head -n 1 | jq -c '{status, decisionId, error}' 2>/dev/null) (attempt $attempt)" \
  bash -c '[ "$1" = 200 ] || [ "$1" = 201 ]' _ "$code"
decision_id=$(echo "$decision" | head -n 1 | jq -r '.decisionId // empty' 2>/dev/null || true)
check "GET /api/v1/decisions/$decision_id reads the decision back from the audit store" \
  test "$(status -H @"$work/auth-header" "http://127.0.0.1:$port/api/v1/decisions/${decision_id:-none}")" = 200
check "the H2 audit store is in the data volume, owned by uid $uid" \
  bash -c "[ \"\$(stat -c %u '$work/data/credence-audit.mv.db')\" = $uid ]"
check "user $uid cannot write the keys folder (mounted read-only)" \
  bash -c "! unshare --mount --fork '$work/container.sh' '$root' '$work/data' '$work/keys' ro '$uid:$gid' -- -- /bin/sh -c 'echo x > /etc/credence/x' 2>/dev/null"
for path in /x /app/x /etc/x /usr/x /var/x; do
  check "root cannot write $path (read-only file system)" \
    bash -c "out=\$(unshare --mount --fork '$work/container.sh' '$root' '$work/data' '$work/keys' ro root -- -- /bin/sh -c 'echo x > $path' 2>&1); [ \$? != 0 ] && [[ \$out == *Read-only* ]]"
done
check "user $uid can write /data and /tmp" container ro "$uid:$gid" /bin/sh -c 'echo x > /data/written && echo x > /tmp/written'
check "SIGTERM stops the service" bash -c "kill -TERM $java_pid; for i in \$(seq 1 60); do kill -0 $java_pid 2>/dev/null || exit 0; sleep 1; done; exit 1"
wait "$service_pid" || true; service_pid=
if container ro "$uid:$gid" "${health[@]}" >/dev/null; then bad "the health check still passes with the service stopped"; else ok "the health check fails (exit 1) once the service has stopped"; fi
check "stopped gracefully: $(grep -o 'Apache Camel [^ ]* ([^)]*) shutdown in [^(]*' "$work/service.log" | head -n 1)" \
  grep -q 'Apache Camel .* shutdown in' "$work/service.log"
echo "== $failures failure(s)"
exit $((failures > 0))
