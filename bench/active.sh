#!/usr/bin/env bash
# Active annotation loop benchmarks for issue 6 (not CI). LLMAAA schedule (50 + 9 x 50 = 500 labels),
# pool = 'train', 100 gold 'dev', scored on 'test', fast student, seeds 1..3 (SEEDS to change).
# Experiments (EXPERIMENTS to choose; default all):
#   reweight  noisy oracle (30% flips): uniform vs reweight vs clean labels (flip 0), random selector
#   selectors noisy oracle (30% flips), uniform: random, least-confidence, entropy, kmeans, hybrid
#   knn       the k-NN teacher over the 100 gold dev rows: student vs teacher, uniform vs reweight
#   knnsel    the k-NN teacher, uniform: the SELECTORS other than random (knn's uniform run is random)
# SELECTORS limits the selectors and knnsel experiments (default: random least-confidence entropy kmeans hybrid; kmeans and
# hybrid embed the whole pool with MiniLM every run, which dominates the time on long texts).
# Needs the -cli.jar (mvn -B -q -DskipTests package). Appends one JSON line per run to bench/out/active.jsonl.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="${BENCH_OUT:-bench/out}"
mkdir -p "$OUT"
JAR="${ANNOTATOR_JAR:-annotator-examples/target/annotator-examples-0.1.0-SNAPSHOT-cli.jar}"
DATA="${DATA:-../shared/datasets/uci_sentiment.csv}"
SEEDS="${SEEDS:-1 2 3}"
EXPERIMENTS="${EXPERIMENTS:-reweight selectors knn knnsel}"
SELECTORS="${SELECTORS:-random least-confidence entropy kmeans hybrid}"
JAVA="${JAVA:-java}"
DNAME="$(basename "$DATA" | sed "s/\.[^.]*$//")"
run() {  # name, args...
  local name="$1"; shift
  "$JAVA" ${JAVA_OPTS:-} -jar "$JAR" active --data "$DATA" --rounds 9 --per-round 50 --initial 50 --json "$@" 2>/dev/null \
    | tail -1 | sed "s/^{/{\"experiment\":\"$name\",\"data\":\"$(basename "$DATA")\",/" | tee -a "$OUT/active.jsonl"
}
for s in $SEEDS; do
  for e in $EXPERIMENTS; do
    case "$e" in
      reweight)
        for w in uniform reweight; do
          run reweight --annotator oracle --flip 0.3 --selector random --weigher "$w" --seed "$s" --out "$OUT/active/$DNAME/rw-$w-$s"
        done
        run reweight --annotator oracle --selector random --weigher uniform --seed "$s" --out "$OUT/active/$DNAME/rw-clean-$s" ;;
      selectors)
        for sel in $SELECTORS; do
          run selectors --annotator oracle --flip 0.3 --selector "$sel" --weigher uniform --seed "$s" --out "$OUT/active/$DNAME/sel-$sel-$s"
        done ;;
      knn)
        for w in uniform reweight; do
          run knn --annotator knn --selector random --weigher "$w" --seed "$s" --out "$OUT/active/$DNAME/knn-$w-$s"
        done ;;
      knnsel)
        for sel in $SELECTORS; do
          [ "$sel" = random ] && continue
          run knnsel --annotator knn --selector "$sel" --weigher uniform --seed "$s" --out "$OUT/active/$DNAME/knnsel-$sel-$s"
        done ;;
    esac
  done
done
