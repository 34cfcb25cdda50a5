#!/usr/bin/env bash
# The labelling-programs rows of BENCHMARKS.md ("Labelling programs"): the hand-written programs of
# annotator-examples/programs/ applied to spamassassin and uci_sentiment with the label model chosen
# on dev (auto), and with majority vote and Dawid-Skene fixed; the fast student trained on the soft
# labels of the covered train rows, early-stopped on dev, scored once on test. One JSON line per run.
#
#   mvn -B -q -DskipTests package       # the CLI jar
#   bench/programs.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="${BENCH_OUT:-bench/out}/programs"
DATASETS="${DATASETS_DIR:-../shared/datasets}"
CLI="${CLI:-annotator-examples/target/annotator-examples-0.1.0-SNAPSHOT-cli.jar}"
mkdir -p "$OUT"
for pair in spam:spamassassin sentiment:uci_sentiment; do
  programs="${pair%%:*}"; data="${pair##*:}"
  java -jar "$CLI" programs analyze --programs "annotator-examples/programs/$programs" --data "$DATASETS/$data.csv" \
    > "$OUT/$programs-analyze-dev.txt"
  for lm in auto majority-vote dawid-skene; do
    java -jar "$CLI" programs apply --programs "annotator-examples/programs/$programs" --data "$DATASETS/$data.csv" \
      --label-model "$lm" --seed 42 --out "$OUT/$programs-$lm" --json | tail -1
  done
done
