#!/usr/bin/env bash
# LLM annotator under faults: `annotate --annotator llm` through the CLI jar against the fake
# OpenAI-compatible server (annotator-llm's test fixture FakeOpenAiServer, run from its `main`)
# with 200 ms latency and 30% injected faults (429 with retry-after-ms 20, 500, dropped connection,
# equally likely). Measures wall time at two concurrencies, the cached rerun, and checks from the
# server's request log and the SQLite store that no text was lost or paid for twice.
#
# Build first (no install needed):
#   mvn -B -o -q package -DskipTests -pl annotator-llm,annotator-examples -am
# The fake server is in the test tree: it runs on the CLI jar (for Jackson) plus
# annotator-testing/target/classes:
#   java -cp annotator-examples/target/annotator-examples-0.1.0-SNAPSHOT-cli.jar:annotator-testing/target/classes \
#        dev.annotator.testing.FakeOpenAiServer --latency-ms 200 --fault-rate 0.3 --seed 1 --log requests.jsonl
#
# Environment (all optional):
#   TEXTS        texts of the big run                     [10000]
#   SUBSET       texts of the concurrency-1 run           [500]
#   HIGH         concurrency of the big run               [16]
#   LOW          concurrency of the subset run            [1]
#   LATENCY_MS   server latency                           [200]
#   FAULT_RATE   injected fault probability               [0.3]
#   LOW_FULL=1   also run concurrency LOW on all TEXTS (about 35 min at the defaults)
#   ANNOTATOR_JAR, FAKE_SERVER_CLASSES (annotator-testing/target/classes), DATASET, JAVA
# Output: bench/out/llm-faults/ (gitignored): data, stores, server logs, CLI logs, results.json/.md
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="${BENCH_OUT:-$ROOT/bench/out}/llm-faults"
JAR="${ANNOTATOR_JAR:-annotator-examples/target/annotator-examples-0.1.0-SNAPSHOT-cli.jar}"
TESTS="${FAKE_SERVER_CLASSES:-annotator-testing/target/classes}"
JAVA="${JAVA:-java}"
PY="${PYTHON:-/usr/bin/python3}"
DATASET="${DATASET:-}"
if [[ -z "$DATASET" ]]; then
  if [[ -f "$ROOT/../shared/datasets/uci_sentiment.csv" ]]; then DATASET="$ROOT/../shared/datasets/uci_sentiment.csv"
  else DATASET=/work/shared/datasets/uci_sentiment.csv; fi
fi
TEXTS="${TEXTS:-10000}"
SUBSET="${SUBSET:-500}"
HIGH="${HIGH:-16}"
LOW="${LOW:-1}"
LATENCY_MS="${LATENCY_MS:-200}"
FAULT_RATE="${FAULT_RATE:-0.3}"

[[ -f "$JAR" ]] || { echo "error: $JAR missing; build: mvn -B -o -q package -DskipTests -pl annotator-llm,annotator-examples -am" >&2; exit 1; }
[[ -f "$TESTS/dev/annotator/testing/FakeOpenAiServer.class" ]] || { echo "error: $TESTS lacks FakeOpenAiServer; build as above" >&2; exit 1; }
rm -rf "$OUT"; mkdir -p "$OUT"
COMMIT="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!bench' || echo '+dirty')"
LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"

# The texts: uci_sentiment's 3,000 sentences cycled to N rows, each made unique by its row number
# (identical texts would be identical requests, answered once and shared: that is the cache, not
# the fault handling this measures). The gold label column stays, so the task is inferred from it.
make_data() {
  "$PY" - "$DATASET" "$1" "$2" <<'EOF'
import csv, sys
src, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rows = list(csv.DictReader(open(src, encoding="utf-8")))
with open(out, "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, quoting=csv.QUOTE_ALL)
    w.writerow(["text", "label"])
    for i in range(n):
        r = rows[i % len(rows)]
        w.writerow([f"{r['text']} (#{i})", r["label"]])
EOF
}
make_data "$TEXTS" "$OUT/texts-$TEXTS.csv"
make_data "$SUBSET" "$OUT/texts-$SUBSET.csv"

SERVER_PID=""
stop_server() {
  if [[ -n "$SERVER_PID" ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  SERVER_PID=""
}
trap stop_server EXIT

start_server() {  # $1 = log file
  "$JAVA" -cp "$JAR:$TESTS" dev.annotator.testing.FakeOpenAiServer --latency-ms "$LATENCY_MS" --fault-rate "$FAULT_RATE" \
    --seed 1 --keyword good=positive --keyword great=positive --keyword love=positive --keyword excellent=positive \
    --default negative --log "$1" > "$1.url" 2> "$1.err" &
  SERVER_PID=$!
  for _ in $(seq 1 300); do [[ -s "$1.url" ]] && break; sleep 0.1; done
  URL="$(head -1 "$1.url")"
  [[ -n "$URL" ]] || { echo "error: fake server did not start, see $1.err" >&2; exit 1; }
}

annotate() {  # $1 = name, $2 = data, $3 = store, $4 = concurrency
  local t0 t1
  t0=$(date +%s.%N)
  "$JAVA" -jar "$JAR" annotate --data "$2" --annotator llm --store "$3" --base-url "$URL" --model fake-model \
    --api-key-env ANNOTATOR_BENCH_NO_KEY --concurrency "$4" --prices fake-model=0.15/0.60 --json \
    > "$OUT/$1.out" 2> "$OUT/$1.err" || { echo "error: annotate $1 failed, see $OUT/$1.err" >&2; exit 1; }
  t1=$(date +%s.%N)
  echo "{\"run\":\"$1\",\"concurrency\":$4,\"wallSeconds\":$(echo "$t1 - $t0" | bc),\"cli\":$(tail -1 "$OUT/$1.out")}" >> "$OUT/runs.jsonl"
  echo "$1: $(echo "$t1 - $t0" | bc) s" >&2
}

echo "=== concurrency $HIGH, $TEXTS texts, then the cached rerun" >&2
start_server "$OUT/server-high.jsonl"
annotate "high" "$OUT/texts-$TEXTS.csv" "$OUT/high.db" "$HIGH"
annotate "high-rerun" "$OUT/texts-$TEXTS.csv" "$OUT/high.db" "$HIGH"
stop_server

echo "=== concurrency $LOW, $SUBSET texts" >&2
start_server "$OUT/server-low.jsonl"
annotate "low-subset" "$OUT/texts-$SUBSET.csv" "$OUT/low.db" "$LOW"
stop_server

if [[ "${LOW_FULL:-0}" == 1 ]]; then
  echo "=== concurrency $LOW, $TEXTS texts (long)" >&2
  start_server "$OUT/server-low-full.jsonl"
  annotate "low-full" "$OUT/texts-$TEXTS.csv" "$OUT/low-full.db" "$LOW"
  stop_server
fi

# Checks, from the server's request log and the store:
#   lost        rows of the data file with no annotation (labelled or abstained) in the store
#   paid twice  texts that got more than one successful (HTTP 200) answer to a first-ask request
#               (2 messages). Faulted replies (429, 500, dropped connection) are not answers: their
#               retries are the fault handling, not double payment. Re-asks (more than 2 messages,
#               after an invalid answer) would be counted separately; the keyword classifier
#               never gives one.
"$PY" - "$OUT" "$TEXTS" "$SUBSET" > "$OUT/results.json" <<'EOF'
import collections, csv, json, os, sqlite3, sys
out, texts, subset = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
runs = [json.loads(l) for l in open(os.path.join(out, "runs.jsonl"))]

def check(log, db, data):
    reqs = [json.loads(l) for l in open(log)]
    status = collections.Counter(r["status"] for r in reqs)
    paid = collections.Counter()
    asked = collections.Counter()
    reasks = 0
    for r in reqs:
        for t in r["texts"]:
            asked[t] += 1
            if r["status"] == 200 and r["messages"] <= 2:
                paid[t] += 1
        if r["messages"] > 2:
            reasks += 1
    rows = [r["text"] for r in csv.DictReader(open(data, encoding="utf-8"))]
    con = sqlite3.connect(db)
    ann = {}
    for ex, labels, reason in con.execute("SELECT example_id, labels, abstention_reason FROM annotations"):
        ann[ex] = (labels, reason)
    abst = collections.Counter(reason for labels, reason in ann.values() if reason is not None)
    responses = con.execute("SELECT count(*) FROM responses").fetchone()[0]
    ids = [f"row-{i + 1}" for i in range(len(rows))]
    lost = sum(1 for i in ids if i not in ann)
    abstained_without_reason = sum(1 for labels, reason in ann.values() if reason is None and labels == "[]")
    return {
        "requests": len(reqs), "byStatus": {str(k): v for k, v in sorted(status.items())},
        "rows": len(rows), "annotations": len(ann), "lost": lost,
        "labelled": sum(1 for l, r in ann.values() if r is None), "abstained": sum(abst.values()),
        "abstainedWithoutReason": abstained_without_reason, "abstentionReasons": dict(abst.most_common(5)),
        "storedResponses": responses,
        "textsNeverAsked": sum(1 for t in rows if t not in asked),
        "paidTwice": sum(1 for c in paid.values() if c > 1),
        "maxPaidPerText": max(paid.values()) if paid else 0,
        "askedMoreThanOnceIncludingFaults": sum(1 for c in asked.values() if c > 1),
        "reasks": reasks,
    }

res = {"runs": runs,
       "high": check(os.path.join(out, "server-high.jsonl"), os.path.join(out, "high.db"), os.path.join(out, f"texts-{texts}.csv")),
       "low": check(os.path.join(out, "server-low.jsonl"), os.path.join(out, "low.db"), os.path.join(out, f"texts-{subset}.csv"))}
if os.path.exists(os.path.join(out, "server-low-full.jsonl")):
    res["lowFull"] = check(os.path.join(out, "server-low-full.jsonl"), os.path.join(out, "low-full.db"),
                           os.path.join(out, f"texts-{texts}.csv"))
print(json.dumps(res, indent=1))
EOF
{
  echo "# LLM annotator under faults"
  echo
  echo "Generated $(date -u +%Y-%m-%dT%H:%M:%SZ), started at commit $COMMIT (jar: $JAR, built separately), on $(nproc) cores;"
  echo "load average at the start $LOAD_START, at the end $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "Latency ${LATENCY_MS} ms, fault rate ${FAULT_RATE}. See bench/llm-faults.sh for the definitions."
  echo
  echo '```json'
  cat "$OUT/results.json"
  echo '```'
} > "$OUT/results.md"
cat "$OUT/results.md"
