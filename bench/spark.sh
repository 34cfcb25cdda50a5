#!/usr/bin/env bash
# The 1M-text relabel of BENCHMARKS.md ("Longer CLI run": uci_sentiment, words variant, the
# 200,000-text prediction input five times over), once through the single-JVM CLI and once
# through Spark (annotator-spark, StudentTransformer) in local[N]. Prints one JSON line per run and
# the wall time of each whole process.
#
#   mvn -B -q -DskipTests package       # the CLI jar
#   bench/spark.sh                      # MASTER=local[2] by default
#
# Creates what it needs under bench/out/ when absent (the prediction input exactly as
# bench/peers.py writes it, and the words-variant model trained by the CLI).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="${BENCH_OUT:-bench/out}"
MASTER="${MASTER:-local[2]}"
DATA="${DATASETS_DIR:-../shared/datasets}/uci_sentiment.csv"
CLI="annotator-examples/target/annotator-examples-0.1.0-SNAPSHOT-cli.jar"
MODEL="$OUT/model-uci_sentiment-fast-words"
IN200K="$OUT/uci_sentiment-predict.csv"
IN1M="$OUT/uci_sentiment-predict-1m.csv"
mkdir -p "$OUT"

if [[ ! -f "$IN200K" ]]; then   # as bench/peers.py: the test split replicated to 200,000 texts, one quoted column
  python3 - "$DATA" "$IN200K" <<'PY'
import csv, sys
rows = [r["text"] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")) if r["split"] == "test"]
big = (rows * -(-200000 // len(rows)))[:200000]
with open(sys.argv[2], "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\n")
    w.writerow(["text"])
    for t in big:
        w.writerow([t])
PY
fi
if [[ ! -f "$IN1M" ]]; then
  (head -1 "$IN200K"; for i in 1 2 3 4 5; do tail -n +2 "$IN200K"; done) > "$IN1M"
fi
if [[ ! -f "$MODEL/student.onnx" ]]; then
  java -jar "$CLI" train --data "$DATA" --student fast --char-ngrams 0 --out "$MODEL" --json | tail -1
fi

echo "--- single JVM: annotator predict" >&2
t0=$(date +%s.%N)
java -jar "$CLI" predict --model "$MODEL" --data "$IN1M" --out "$OUT/p1m-cli.csv" --json | tail -1
t1=$(date +%s.%N)
echo "{\"cliProcessSeconds\":$(echo "$t1 - $t0" | bc)}"

echo "--- Spark $MASTER: StudentTransformer" >&2
CP_FILE="$OUT/spark-classpath.txt"
# test-compile in the same reactor run, so that annotator-core and -student resolve to their target/ dirs
# (each module writes CP_FILE in turn; annotator-spark, built last, has the final word)
mvn -B -q -o -Denforcer.skip test-compile dependency:build-classpath -pl annotator-spark -am \
  -Dmdep.outputFile="$ROOT/$CP_FILE" -Dmdep.includeScope=test >/dev/null
CP="annotator-spark/target/test-classes:annotator-spark/target/classes:$(cat "$CP_FILE")"
OPENS="--add-modules=jdk.incubator.vector --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true"
t0=$(date +%s.%N)
# shellcheck disable=SC2086
java ${SPARK_JAVA_OPTS:--Xmx2g} $OPENS -cp "$CP" dev.annotator.spark.bench.SparkRelabelBench "$MASTER" "$MODEL" "$ROOT/$IN1M" "$ROOT/$OUT/p1m-spark" \
  2> "$OUT/spark-relabel.err" | tail -1
t1=$(date +%s.%N)
echo "{\"sparkProcessSeconds\":$(echo "$t1 - $t0" | bc)}"
