#!/usr/bin/env bash
# The file batch channel on a large file with a small heap: generates a JSON Lines file of N
# applications (distinct applicationIds, about 640 bytes a line), starts the built service jar with the
# file channel on, a fresh H2 audit log and the given heap, drops the file in, waits for the
# results file, stops the service, and prints: time from drop to results, results lines, audit
# records, peak RSS of the JVM, and the largest heap occupancy after a GC (from the GC log).
#
#   mvn -B -q -pl rules -am package -DskipTests
#   .ci/file-batch-check.sh [LINES=1000000] [XMX=64m] [WORK=a new temporary folder]
#   AUDIT_DB=jdbc:postgresql://... AUDIT_USER=... AUDIT_PASSWORD=... SERVE_ARGS="-Dcredence.file.concurrency=64" .ci/file-batch-check.sh
set -euo pipefail

LINES="${1:-1000000}"
XMX="${2:-64m}"
WORK="${3:-$(mktemp -d)}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
JAR="${JAR:-$ROOT/rules/target/credence-service.jar}"
[ -f "$JAR" ] || { echo "no $JAR: run mvn -pl rules -am package -DskipTests first" >&2; exit 2; }
mkdir -p "$WORK/inbox" "$WORK/outbox"
AUDIT_DB="${AUDIT_DB:-jdbc:h2:file:$WORK/audit}"
AUDIT_USER="${AUDIT_USER:-sa}"
AUDIT_PASSWORD="${AUDIT_PASSWORD:-}"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"

python3 - "$LINES" "$WORK/staged.jsonl" <<'EOF'
import json, sys
n, path = int(sys.argv[1]), sys.argv[2]
example = {"applicantAge": 42, "monthlyIncome": 4200, "monthlyDebtPayments": 300, "requestedAmount": 2500,
           "termMonths": 12, "employmentStatus": "EMPLOYED", "worstDelinquencyMonths": 0,
           "modelInputs": {"checkingAccount": "NONE", "creditHistory": "CRITICAL_ACCOUNT", "purpose": "RADIO_TV", "savings": "OVER_1000",
                           "employmentLength": "FROM_4_TO_7_YEARS", "installmentRatePct": 2, "otherDebtors": "NONE",
                           "residenceYears": 4, "property": "REAL_ESTATE", "otherInstallmentPlans": "NONE",
                           "housing": "OWN", "existingCredits": 1, "job": "SKILLED", "dependents": 1,
                           "telephone": "REGISTERED"}}
with open(path, "w") as out:
    for i in range(1, n + 1):
        example["requestedAmount"] = 1000 + i % 5000
        out.write(json.dumps({"applicationId": "BIG-%07d" % i, **example}) + "\n")
EOF
echo "input: $LINES lines, $(du -h "$WORK/staged.jsonl" | cut -f1)"

/usr/bin/time -v -o "$WORK/time.txt" java -Xmx"$XMX" -Xlog:gc:file="$WORK/gc.log" -jar "$JAR" serve \
    --host 127.0.0.1 --port "$PORT" --audit-db "$AUDIT_DB" --audit-user "$AUDIT_USER" \
    --audit-password "$AUDIT_PASSWORD" --execution-provider cpu ${SERVE_ARGS:-} -Dcredence.file.enabled=true -Dcredence.file.input="$WORK/inbox" -Dcredence.file.output="$WORK/outbox" \
    >"$WORK/service.log" 2>&1 &
PID=$!   # /usr/bin/time; the JVM is its child
for _ in $(seq 1 240); do
  curl -fs "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
  kill -0 "$PID" 2>/dev/null || { tail -50 "$WORK/service.log" >&2; echo "service exited" >&2; exit 1; }
  sleep 0.5
done

START=$(date +%s.%N)
mv "$WORK/staged.jsonl" "$WORK/inbox/big.jsonl"
RESULTS="$WORK/outbox/big.jsonl.results.jsonl"
until [ -f "$RESULTS" ]; do
  kill -0 "$PID" 2>/dev/null || { tail -50 "$WORK/service.log" >&2; echo "service exited" >&2; exit 1; }
  sleep 1
done
END=$(date +%s.%N)
kill -TERM "$(pgrep -P "$PID")"
wait "$PID" || true

echo "drop to results: $(python3 -c "print(round($END - $START, 1))") s"
echo "results lines: $(wc -l <"$RESULTS")"
echo "decided: $(grep -c '"status":"DECIDED"' "$RESULTS")"
echo "audit: $(java -jar "$JAR" audit verify --db "$AUDIT_DB" --user "$AUDIT_USER" --password "$AUDIT_PASSWORD" 2>/dev/null | tail -1)"
grep "Maximum resident set size" "$WORK/time.txt"
python3 - "$WORK/gc.log" <<'EOF'
import re, sys
after = [int(m.group(1)) for m in re.finditer(r"->(\d+)M\(", open(sys.argv[1]).read())]
print("GCs: %d, heap after GC: max %d MiB, last %d MiB" % (len(after), max(after), after[-1]) if after else "no GC")
EOF
echo "work folder: $WORK"
