// Runs an encoder student .onnx in ONNX Runtime for Node on token ids made by the model's own
// tokenizer file (EncoderTokenIds.java: any Hugging Face tokenizers implementation gives the same ids)
// and compares the probabilities with the Java library's predictions for the same texts.
//
//   node check-encoder-student.mjs MODEL.onnx TOKEN_IDS.jsonl JAVA_PREDICTIONS.jsonl
import { readFileSync } from 'node:fs';
import ort from 'onnxruntime-node';
import onnxProto from 'onnx-proto';

const [modelPath, idsPath, predsPath] = process.argv.slice(2);
if (!predsPath) {
  console.error('usage: node check-encoder-student.mjs MODEL.onnx TOKEN_IDS.jsonl JAVA_PREDICTIONS.jsonl');
  process.exit(2);
}
const readJsonl = (p) => readFileSync(p, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
const bytes = readFileSync(modelPath);
const meta = Object.fromEntries(onnxProto.onnx.ModelProto.decode(bytes).metadataProps.map((p) => [p.key, p.value]));
if (meta['annotator.studentType'] !== 'encoder') throw new Error('not an encoder student: ' + meta['annotator.studentType']);
const labels = JSON.parse(meta['annotator.task']).labels.map((l) => l.name);
const session = await ort.InferenceSession.create(bytes);
const java = new Map(readJsonl(predsPath).map((r) => [r.id, r]));
let maxDiff = 0, compared = 0, same = 0;
// one text per call: the file may hold a dynamically quantized encoder (annotator.encoder.oneTextPerCall)
for (const t of readJsonl(idsPath)) {
  const n = t.input_ids.length;
  const feeds = {};
  const tensor = (a) => new ort.Tensor('int64', BigInt64Array.from(a.map((x) => BigInt(x))), [1, n]);
  if (session.inputNames.includes('input_ids')) feeds.input_ids = tensor(t.input_ids);
  if (session.inputNames.includes('attention_mask')) feeds.attention_mask = tensor(t.attention_mask);
  if (session.inputNames.includes('token_type_ids')) feeds.token_type_ids = tensor(t.token_type_ids);
  const p = (await session.run(feeds)).probabilities.data;
  const j = java.get(t.id);
  if (!j) throw new Error('no Java prediction for id ' + t.id);
  let best = 0;
  labels.forEach((l, c) => {
    maxDiff = Math.max(maxDiff, Math.abs(p[c] - j['p_' + l]));
    if (p[c] > p[best]) best = c;
  });
  if (labels[best] === j.label) same++;
  compared++;
}
const ok = compared === java.size && maxDiff <= 1e-5;
console.log(JSON.stringify({ model: modelPath, texts: compared, labels, maxAbsDiff: maxDiff, sameLabel: same, ok }));
process.exit(ok ? 0 : 1);
