#!/usr/bin/env bash
# Span tagger benchmark for issue 10 (not CI), on brown_proper_nouns.jsonl (type NAME; 12000 train /
# 100 dev / 3000 test): (c) the offline k-NN span annotator over the 100 gold dev sentences, scored on
# test; (a) the span tagger (frozen MiniLM token states + linear BIO head) trained on gold train labels;
# (b) the same tagger trained on the k-NN annotator's labels of the same train texts. Both early-stop on
# gold dev and are scored through their exported ONNX files. TRAIN_SIZE train sentences (a seeded random
# subsample; 0 = all 12000). Library defaults; test is never used to choose anything.
# Needs the -cli.jar (mvn -B -q -DskipTests package). Appends JSON lines to bench/out/spans.jsonl.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="${BENCH_OUT:-bench/out}"
mkdir -p "$OUT"
JAR="${ANNOTATOR_JAR:-annotator-examples/target/annotator-examples-0.1.0-SNAPSHOT-cli.jar}"
DATA="${DATA:-../shared/datasets/brown_proper_nouns.jsonl}"
TRAIN_SIZE="${TRAIN_SIZE:-2000}"
SEED="${SEED:-42}"
JAVA="${JAVA:-java}"
"$JAVA" ${JAVA_OPTS:--Xmx4g} -DtrainSize="$TRAIN_SIZE" -Dseed="$SEED" -Dout="$OUT/spans" \
  -cp "$JAR" dev.annotator.examples.bench.SpanBench "$DATA" 2>/dev/null | tee -a "$OUT/spans.jsonl"
