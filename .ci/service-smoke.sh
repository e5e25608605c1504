#!/usr/bin/env bash
# Runs the built service jar for real and checks it answers: starts
# rules/target/credence-service.jar on a free loopback port with a throw-away H2 audit log,
# waits for /health, posts the docs/examples, reads one decision back, checks the error format,
# then stops it. Exit 0 when every check passed.
#
#   mvn -B -q install -DskipTests -pl plugin && mvn -B -q package -DskipTests -pl rules
#   .ci/service-smoke.sh [--models DIR]
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
JAR="$ROOT/rules/target/credence-service.jar"
[ -f "$JAR" ] || { echo "no $JAR: run mvn package -pl rules first" >&2; exit 2; }
WORK="$(mktemp -d)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
BASE="http://127.0.0.1:$PORT"

java -jar "$JAR" serve --host 127.0.0.1 --port "$PORT" --audit-db "jdbc:h2:file:$WORK/audit" \
     --execution-provider cpu "$@" >"$WORK/service.log" 2>&1 &
PID=$!
cleanup() { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

for _ in $(seq 1 120); do
  curl -fs "$BASE/health" >/dev/null 2>&1 && break
  kill -0 "$PID" 2>/dev/null || { cat "$WORK/service.log" >&2; echo "service exited" >&2; exit 1; }
  sleep 0.5
done
curl -fs "$BASE/health" || { cat "$WORK/service.log" >&2; exit 1; }
echo

fail() { echo "FAIL: $*" >&2; exit 1; }
post() { curl -s -o "$WORK/body" -w '%{http_code}' -X POST -H "Content-Type: $1" --data-binary "@$2" "$BASE/api/v1/decisions"; }

for example in approve refer decline; do
  code="$(post application/json "$ROOT/docs/examples/$example.json")"
  [ "$code" = 200 ] || fail "$example.json answered $code: $(cat "$WORK/body")"
  echo "$example.json -> $(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["decision"], [r["code"] for r in d["reasons"]])' "$WORK/body")"
done
grep -q '"decision":"DECLINE"' "$WORK/body" || fail "decline.json was not declined"
ID="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["decisionId"])' "$WORK/body")"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/api/v1/decisions/$ID")" = 200 ] || fail "GET of $ID"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/api/v1/decisions/unknown")" = 404 ] || fail "GET unknown"

printf '{"applicationId": "X", "applicantAge": NaN}' >"$WORK/nan.json"
[ "$(post application/json "$WORK/nan.json")" = 400 ] || fail "NaN not 400"
grep -q '"violations"' "$WORK/body" || fail "400 without violations"
[ "$(post text/plain "$WORK/nan.json")" = 415 ] || fail "text/plain not 415"
head -c 70000 /dev/zero | tr '\0' 'x' >"$WORK/big.json"
[ "$(post application/json "$WORK/big.json")" = 413 ] || fail "70000 bytes not 413"
grep -q '"error"' "$WORK/body" || fail "413 body is not the JSON error"
head -c 3000000 /dev/zero | tr '\0' 'x' >"$WORK/huge.json"
code="$(post application/json "$WORK/huge.json")"
[ "$code" = 413 ] || fail "3 MB not 413 (was $code)"
grep -q '"error"' "$WORK/body" || fail "the 3 MB 413 body is not the JSON error"
echo "service smoke test passed"
