#!/usr/bin/env bash
# In-process prediction throughput of our students (after bench/run.sh trained them):
# texts loaded into memory, model warmed up, then predictBatch timed on 1 and 2 threads.
# Writes bench/out/<dataset>-annotator-<variant>-inprocess-<threads>t.json.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="${BENCH_OUT:-bench/out}"
JAR="${ANNOTATOR_JAR:-annotator-examples/target/annotator-examples-0.1.0-SNAPSHOT-cli.jar}"
for ds in ${DATASETS:-uci_sentiment spamassassin fine_foods}; do
  for variant in ${VARIANTS:-fast fast-words}; do
    for t in 1 2; do
      java -cp "$JAR" dev.annotator.examples.bench.PredictThroughput "$OUT/model-$ds-$variant" "$OUT/$ds-predict.csv" "$t" "${REPEATS:-3}" \
        | tail -1 | tee "$OUT/$ds-annotator-$variant-inprocess-${t}t.json"
    done
  done
done
