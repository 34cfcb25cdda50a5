// Checks fast-featurizer.mjs against the test vectors the Java featurizer is tested with.
import { readFileSync } from 'node:fs';
import { featurize, configFromMetadata } from './fast-featurizer.mjs';

const file = new URL('./fast-featurizer-test-vectors.json', import.meta.url);
const { cases } = JSON.parse(readFileSync(file, 'utf8'));
let checked = 0, failed = 0;
for (const c of cases) {
  const cfg = configFromMetadata(c.config);
  for (const v of c.vectors) {
    const got = featurize(v.text, cfg);
    const sameBuckets = JSON.stringify(got.buckets) === JSON.stringify(v.buckets);
    const maxDiff = sameBuckets ? Math.max(0, ...got.values.map((x, i) => Math.abs(x - v.values[i]))) : Infinity;
    checked++;
    if (!sameBuckets || maxDiff > 1e-6) {
      failed++;
      console.error(`MISMATCH [${c.name}] ${JSON.stringify(v.text)}: buckets ${sameBuckets ? 'equal' : 'differ'}, max value diff ${maxDiff}`);
    }
  }
}
console.log(JSON.stringify({ vectors: checked, mismatches: failed }));
process.exit(failed === 0 ? 0 : 1);
