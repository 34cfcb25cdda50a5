#!/usr/bin/env bash
# Whole benchmark: for each dataset run the peers (fastText, scikit-learn)
# and our fast student (via the CLI jar), then write bench/out/results.md.
#
# Environment (all optional):
#   VARIANTS       our student settings to run [fast fast-words] (fast-words: --char-ngrams 0)
#   ANNOTATOR_JAR  our CLI jar   [annotator-examples/target/annotator-examples-0.1.0-SNAPSHOT-cli.jar]
#   DATASETS_DIR   dataset CSVs  [../shared/datasets next to the repo if present, else /work/shared/datasets]
#   DATASETS       names         ["uci_sentiment spamassassin fine_foods"]
#   PYTHON         python with sklearn/pandas/fasttext [/usr/bin/python3]
#   JAVA           java binary   [java]
#   JAVA_OPTS      extra JVM options for our CLI []
#   SKIP_PEERS=1   reuse the peer JSON already in bench/out/ (only re-run ours)
#   PREDICT_LINES  size of the replicated prediction input [200000]
#   REPEATS        timing repeats for peers, median reported [3]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
BENCH="$ROOT/bench"
OUT="${BENCH_OUT:-$BENCH/out}"
export BENCH_OUT="$OUT"
JAR="${ANNOTATOR_JAR:-annotator-examples/target/annotator-examples-0.1.0-SNAPSHOT-cli.jar}"
PY="${PYTHON:-/usr/bin/python3}"
JAVA="${JAVA:-java}"
if [[ -z "${DATASETS_DIR:-}" ]]; then
  if [[ -d "$ROOT/../shared/datasets" ]]; then DATASETS_DIR="$ROOT/../shared/datasets"
  else DATASETS_DIR=/work/shared/datasets; fi
fi
DATASETS="${DATASETS:-uci_sentiment spamassassin fine_foods}"
mkdir -p "$OUT"

if ! "$PY" -c 'import sklearn, pandas, numpy' 2>/dev/null; then
  echo "error: $PY lacks sklearn/pandas/numpy." >&2
  echo "       apt-get install -y fasttext python3-fasttext python3-sklearn python3-pandas python3-numpy" >&2
  exit 1
fi
if ! command -v "${FASTTEXT:-fasttext}" >/dev/null; then
  echo "error: fasttext CLI not found (apt-get install -y fasttext python3-fasttext)" >&2
  exit 1
fi

HAVE_JAR=1
if [[ ! -f "$JAR" ]]; then
  HAVE_JAR=0
  echo "NOTE: our CLI jar '$JAR' is missing: SKIPPING the annotator fast student" >&2
  echo "      (build it with Maven, or set ANNOTATOR_JAR); peers still run." >&2
fi

# last line of a file that parses as a JSON object, or nothing
last_json() {
  "$PY" - "$1" <<'EOF'
import json, sys
for line in reversed(open(sys.argv[1], encoding="utf-8", errors="replace").read().splitlines()):
    line = line.strip()
    if line.startswith("{"):
        try:
            json.loads(line); print(line); break
        except ValueError:
            pass
EOF
}

for ds in $DATASETS; do
  csv="$DATASETS_DIR/$ds.csv"
  [[ -f "$csv" ]] || { echo "error: $csv not found" >&2; exit 1; }
  echo "=== $ds" >&2

  if [[ "${SKIP_PEERS:-0}" != 1 || ! -f "$OUT/$ds-predict.csv" ]]; then
    "$PY" "$BENCH/peers.py" run "$csv"
  fi

  if [[ $HAVE_JAR == 1 ]]; then
  for variant in ${VARIANTS:-fast fast-words}; do
    case $variant in
      fast) extra=() ;;
      fast-words) extra=(--char-ngrams 0) ;;
      *) echo "error: unknown variant $variant" >&2; exit 1 ;;
    esac
    model_dir="$OUT/model-$ds-$variant"
    rm -rf "$model_dir"
    echo "--- annotator $variant student: train" >&2
    # shellcheck disable=SC2086
    $JAVA ${JAVA_OPTS:-} -jar "$JAR" train --data "$csv" --student fast "${extra[@]}" --out "$model_dir" --json \
      > "$OUT/$ds-annotator-$variant-train.log" 2> "$OUT/$ds-annotator-$variant-train.err" \
      || { echo "error: our train failed, see $OUT/$ds-annotator-$variant-train.err" >&2; exit 1; }
    train_json="$(last_json "$OUT/$ds-annotator-$variant-train.log")"
    [[ -n "$train_json" ]] || { echo "error: no JSON line from our train" >&2; exit 1; }

    echo "--- annotator fast student: predict on $OUT/$ds-predict.csv" >&2
    t0=$(date +%s.%N)
    # shellcheck disable=SC2086
    $JAVA ${JAVA_OPTS:-} -jar "$JAR" predict --model "$model_dir" --data "$OUT/$ds-predict.csv" \
      --out "$OUT/$ds-annotator-$variant-predictions.out" --json \
      > "$OUT/$ds-annotator-$variant-predict.log" 2> "$OUT/$ds-annotator-$variant-predict.err" \
      || { echo "error: our predict failed, see $OUT/$ds-annotator-$variant-predict.err" >&2; exit 1; }
    t1=$(date +%s.%N)
    predict_json="$(last_json "$OUT/$ds-annotator-$variant-predict.log")"
    [[ -n "$predict_json" ]] || { echo "error: no JSON line from our predict" >&2; exit 1; }

    "$PY" - "$ds" "annotator-$variant" "$train_json" "$predict_json" "$t0" "$t1" > "$OUT/$ds-annotator-$variant.json" <<'EOF'
import json, os, sys
ds, peer, tr, pr, t0, t1 = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), json.loads(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6])
wall = t1 - t0
model = tr.get("model")
texts = pr.get("texts")
res = {
    "dataset": ds, "peer": peer,
    "accuracy": tr.get("accuracy"), "macroF1": tr.get("macroF1"),
    "trainSeconds": tr.get("trainSeconds"), "trainExamples": tr.get("trainExamples"),
    "model": model,
    "modelBytes": os.path.getsize(model) if model and os.path.exists(model) else None,
    "textsPerSecond": pr.get("textsPerSecond"),
    "predict": {"texts": texts, "seconds": pr.get("seconds"),
                "processWallSeconds": wall,
                "processTextsPerSecond": texts / wall if texts and wall > 0 else None},
    "note": "CLI-reported predict rate; whole java process (JVM start + model load) "
            + (f"{texts / wall:,.0f}/s" if texts and wall > 0 else "n/a"),
    "train": tr, "predictRaw": pr,
}
print(json.dumps(res))
EOF
    cat "$OUT/$ds-annotator-$variant.json"
  done
  fi
done

{
  echo "# Benchmark results"
  echo
  echo "Generated $(date -u +%Y-%m-%dT%H:%M:%SZ) by bench/run.sh on $(nproc) cores," \
       "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')," \
       "$(free -g | awk '/^Mem:/{print $2}') GiB RAM."
  echo "fastText $(dpkg-query -W -f='${Version}' fasttext 2>/dev/null || echo '?'), scikit-learn $("$PY" -c 'import sklearn; print(sklearn.__version__)')," \
       "java: $($JAVA -version 2>&1 | head -1 || echo 'n/a')."
  echo "Test split metrics; models fitted on train, choices made on dev only."
  echo "Predict throughput on $(( ${PREDICT_LINES:-200000} )) replicated test texts (see bench/README.md)."
  if [[ $HAVE_JAR != 1 ]]; then echo; echo "**annotator fast student skipped: jar $JAR not found.**"; fi
  echo
  "$PY" "$BENCH/peers.py" table
} > "$OUT/results.md"

cat "$OUT/results.md"
