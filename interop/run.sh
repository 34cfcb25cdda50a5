#!/usr/bin/env bash
# Interoperability check: fast students exported by the Java library give the same probabilities
# (within 1e-5) in ONNX Runtime for Node, featurized by the reference featurizer in
# fast-featurizer.mjs. Needs node >= 18 and npm (registry access for onnxruntime-node, onnx-proto).
#
#   mvn -B -q -DskipTests package      # builds the CLI jar
#   interop/run.sh                     # -> interop/out/results.jsonl
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
cli="$root/annotator-examples/target/annotator-examples-0.1.0-SNAPSHOT-cli.jar"
datasets="${DATASETS:-$root/../shared/datasets}"
out="$here/out"
mkdir -p "$out"
[ -f "$cli" ] || { echo "build the CLI first: mvn -B -q -DskipTests package" >&2; exit 2; }
cd "$here"
[ -d node_modules/onnxruntime-node ] || npm install --no-audit --no-fund --onnxruntime-node-install-cuda=skip
node check-vectors.mjs
: > "$out/results.jsonl"
for name in uci_sentiment spamassassin fine_foods; do
  csv="$datasets/$name.csv"
  # every row of the dataset as {"id", "text"}
  python3 - "$csv" "$out/$name-texts.jsonl" <<'PY'
import csv, json, sys
csv.field_size_limit(1 << 30)
with open(sys.argv[1], newline='', encoding='utf-8') as f, open(sys.argv[2], 'w', encoding='utf-8') as o:
    for i, r in enumerate(csv.DictReader(f)):
        o.write(json.dumps({"id": "r%d" % i, "text": r["text"]}, ensure_ascii=False) + "\n")
PY
  for variant in default words; do
    model="$out/model-$name-$variant"
    extra=()
    [ "$variant" = words ] && extra=(--char-ngrams 0)
    java -jar "$cli" train --data "$csv" --out "$model" "${extra[@]}" --json > "$out/$name-$variant-train.log"
    java -jar "$cli" predict --model "$model" --data "$out/$name-texts.jsonl" \
        --out "$out/$name-$variant-java.jsonl" --json > "$out/$name-$variant-predict.log"
    node check-fast-student.mjs "$model/student.onnx" "$out/$name-texts.jsonl" "$out/$name-$variant-java.jsonl" \
        2> "$out/$name-$variant-node.err" | tee -a "$out/results.jsonl"
  done
done

# encoder student: a small slice of uci_sentiment (encoding is slow on 2 cores); token ids from the
# model's own tokenizer file, then ONNX Runtime for Node against the Java predictions
python3 - "$datasets/uci_sentiment.csv" "$out/uci-slice.csv" "$out/uci-slice-texts.jsonl" <<'PY'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], newline='', encoding='utf-8')))
part = [r for r in rows if r['split'] == 'train'][:300] + [r for r in rows if r['split'] == 'dev'] \
     + [r for r in rows if r['split'] == 'test'][:200]
w = csv.DictWriter(open(sys.argv[2], 'w', newline='', encoding='utf-8'), fieldnames=['text', 'label', 'split'])
w.writeheader(); w.writerows(part)
with open(sys.argv[3], 'w', encoding='utf-8') as o:
    for i, r in enumerate(r for r in part if r['split'] == 'test'):
        o.write(json.dumps({"id": "t%d" % i, "text": r["text"]}, ensure_ascii=False) + "\n")
PY
model="$out/model-uci-slice-encoder"
java -jar "$cli" train --data "$out/uci-slice.csv" --student encoder --out "$model" --json > "$out/encoder-train.log" 2>&1
java -jar "$cli" predict --model "$model" --data "$out/uci-slice-texts.jsonl" --out "$out/encoder-java.jsonl" --json \
    > "$out/encoder-predict.log" 2>&1
java -cp "$cli" "$here/EncoderTokenIds.java" "$model" "$out/uci-slice-texts.jsonl" "$out/encoder-ids.jsonl" 2>/dev/null
node check-encoder-student.mjs "$model/student.onnx" "$out/encoder-ids.jsonl" "$out/encoder-java.jsonl" \
    2> "$out/encoder-node.err" | tee -a "$out/results.jsonl"
