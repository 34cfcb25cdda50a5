// Loads a fast student .onnx in ONNX Runtime for Node, featurizes texts with fast-featurizer.mjs and
// compares the probabilities with the ones the Java library wrote for the same texts.
//
//   node check-fast-student.mjs MODEL.onnx TEXTS.jsonl JAVA_PREDICTIONS.jsonl
//
// TEXTS.jsonl: {"id", "text"} per line; JAVA_PREDICTIONS.jsonl: the output of
// `annotator predict --data TEXTS.jsonl --out JAVA_PREDICTIONS.jsonl` ({"id", "p_<label>", ...}).
import { readFileSync } from 'node:fs';
import ort from 'onnxruntime-node';
import onnxProto from 'onnx-proto';
import { featurize, configFromMetadata } from './fast-featurizer.mjs';

const [modelPath, textsPath, predsPath] = process.argv.slice(2);
if (!predsPath) {
  console.error('usage: node check-fast-student.mjs MODEL.onnx TEXTS.jsonl JAVA_PREDICTIONS.jsonl');
  process.exit(2);
}
const readJsonl = (p) => readFileSync(p, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));

// 1. what the file says about itself: metadata_props and the bucket -> row table
const bytes = readFileSync(modelPath);
const model = onnxProto.onnx.ModelProto.decode(bytes);
const meta = Object.fromEntries(model.metadataProps.map((p) => [p.key, p.value]));
if (meta['annotator.studentType'] !== 'fast') throw new Error('not a fast student: ' + meta['annotator.studentType']);
const labels = JSON.parse(meta['annotator.task']).labels.map((l) => l.name);
const cfg = configFromMetadata(meta);
const init = model.graph.initializer.find((t) => t.name === 'bucket_ids');
const raw = init.rawData;
const bucketIds = raw && raw.length
  ? new Int32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.length))
  : Int32Array.from(init.int32Data);

// row of a bucket: 1 + its position in bucket_ids (sorted ascending), 0 when absent
function rowOf(bucket) {
  let lo = 0, hi = bucketIds.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (bucketIds[mid] < bucket) lo = mid + 1;
    else if (bucketIds[mid] > bucket) hi = mid - 1;
    else return mid + 1;
  }
  return 0;
}

// 2. run it
const session = await ort.InferenceSession.create(bytes);
const texts = readJsonl(textsPath);
const java = new Map(readJsonl(predsPath).map((r) => [r.id, r]));
const batch = 256;
let maxDiff = 0, compared = 0, argmaxAgree = 0;
for (let s = 0; s < texts.length; s += batch) {
  const part = texts.slice(s, s + batch);
  const feats = part.map((t) => featurize(t.text, cfg));
  const width = Math.max(1, ...feats.map((x) => x.buckets.length));
  const idx = new Int32Array(part.length * width);
  const val = new Float32Array(part.length * width);
  feats.forEach((x, r) => x.buckets.forEach((b, k) => {
    idx[r * width + k] = rowOf(b);
    val[r * width + k] = x.values[k];
  }));
  const out = await session.run({
    indices: new ort.Tensor('int32', idx, [part.length, width]),
    values: new ort.Tensor('float32', val, [part.length, width]),
  });
  const probs = out.probabilities.data;
  part.forEach((t, r) => {
    const j = java.get(t.id);
    if (!j) throw new Error('no Java prediction for id ' + t.id);
    let best = 0;
    labels.forEach((l, c) => {
      maxDiff = Math.max(maxDiff, Math.abs(probs[r * labels.length + c] - j['p_' + l]));
      if (probs[r * labels.length + c] > probs[r * labels.length + best]) best = c;
    });
    if (labels[best] === j.label) argmaxAgree++;
    compared++;
  });
}
const ok = compared === java.size && maxDiff <= 1e-5;
console.log(JSON.stringify({ model: modelPath, texts: compared, labels, maxAbsDiff: maxDiff, sameLabel: argmaxAgree, ok }));
process.exit(ok ? 0 : 1);
