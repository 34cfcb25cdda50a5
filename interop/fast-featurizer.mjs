// Reference implementation, outside the JVM, of the fast student's featurizer
// (annotator.featurizer.type = hashing-ngrams-v1). Spec: docs/fast-student-format.md.
// Written for clarity, not speed (64-bit arithmetic with BigInt).

const M64 = (1n << 64n) - 1n;
const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const SEED_WORD = 0x51ed270b27d1e3a5n;
const SEED_CHAR = 0x2545f4914f6cdd1dn;
const SEED_NGRAM = 0x9e3779b97f4a7c15n;

const SPACE = 0, WORD = 1, OTHER = 2;
const SPACE_RE = /^[\p{Zs}\p{Zl}\p{Zp}\p{Cc}]$/u;
const WORD_RE = /^[\p{L}\p{Nd}]$/u;

/** Class of one UTF-16 code unit: Java's isWhitespace/isISOControl/isSpaceChar, isLetterOrDigit. */
function charClass(c) {
  if (c < 128) {
    if (c <= 0x20 || c === 0x7f) return SPACE;
    if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) return WORD;
    return OTHER;
  }
  if (c >= 0xd800 && c <= 0xdfff) return WORD; // surrogate halves count as word characters
  const s = String.fromCharCode(c);
  if (SPACE_RE.test(s)) return SPACE;
  return WORD_RE.test(s) ? WORD : OTHER;
}

/** Simple (one code unit to one code unit) lowercase mapping, as Java's Character.toLowerCase(char). */
function toLower(c) {
  if (c < 128) return c >= 0x41 && c <= 0x5a ? c | 0x20 : c;
  if (c >= 0xd800 && c <= 0xdfff) return c;
  const l = String.fromCharCode(c).toLowerCase();
  return l.charCodeAt(0); // only U+0130 has a longer full mapping; its simple mapping is its first unit
}

function fnvStep(h, c) {
  return ((h ^ BigInt(c)) * FNV_PRIME) & M64;
}

function bucketOf(h, buckets) {
  h ^= h >> 33n;
  h = (h * 0xff51afd7ed558ccdn) & M64;
  h ^= h >> 33n;
  h = (h * 0xc4ceb9fe1a85ec53n) & M64;
  h ^= h >> 33n;
  return Number(((h >> 32n) * BigInt(buckets)) >> 32n);
}

/** Featurizer settings from the model's metadata (keys under annotator.featurizer.). */
export function configFromMetadata(props) {
  const get = (k) => {
    const v = props['annotator.featurizer.' + k];
    if (v === undefined) throw new Error('model metadata lacks annotator.featurizer.' + k);
    return v;
  };
  if (get('type') !== 'hashing-ngrams-v1') throw new Error('unsupported featurizer type ' + get('type'));
  return {
    buckets: Number(get('buckets')),
    maxWordNgram: Number(get('maxWordNgram')),
    minCharNgram: Number(get('minCharNgram')),
    maxCharNgram: Number(get('maxCharNgram')),
    lowercase: get('lowercase') === 'true',
    maxTokens: Number(get('maxTokens')),
  };
}

/** Featurizes one text: {buckets: number[], values: number[]} in order of first occurrence. */
export function featurize(text, cfg) {
  const buf = [];
  for (let i = 0; i < text.length; i++) buf.push(text.charCodeAt(i));
  const n = buf.length;
  const tokens = []; // [start, end, isWord]
  let i = 0;
  while (i < n && tokens.length < cfg.maxTokens) {
    const cls = charClass(buf[i]);
    if (cls === SPACE) { i++; continue; }
    const s = i;
    if (cls === WORD) {
      do {
        if (cfg.lowercase) buf[i] = toLower(buf[i]);
        i++;
      } while (i < n && charClass(buf[i]) === WORD);
    } else {
      i++;
    }
    tokens.push([s, i, cls === WORD]);
  }

  const counts = new Map(); // bucket -> [wordCount, charCount], insertion order = first occurrence
  const add = (b, group) => {
    let c = counts.get(b);
    if (!c) { c = [0, 0]; counts.set(b, c); }
    c[group]++;
  };

  const wordHash = [];
  for (let t = 0; t < tokens.length; t++) {
    let h = FNV_OFFSET ^ SEED_WORD;
    for (let k = tokens[t][0]; k < tokens[t][1]; k++) h = fnvStep(h, buf[k]);
    wordHash.push(h);
    add(bucketOf(h, cfg.buckets), 0);
    let g = h;
    for (let m = 1; m < cfg.maxWordNgram && t - m >= 0; m++) {
      g = ((g * SEED_NGRAM) & M64) ^ wordHash[t - m] ^ BigInt(m);
      add(bucketOf(g, cfg.buckets), 0);
    }
  }

  if (cfg.maxCharNgram > 0) {
    for (const [start, end, isWord] of tokens) {
      if (!isWord) continue;
      const len = end - start + 2; // the word wrapped as <word>
      const at = (b) => (b === 0 ? 0x3c : b === len - 1 ? 0x3e : buf[start - 1 + b]);
      for (let a = 0; a < len; a++) {
        let h = FNV_OFFSET ^ SEED_CHAR;
        const stop = Math.min(len, a + cfg.maxCharNgram);
        for (let b = a; b < stop; b++) {
          h = fnvStep(h, at(b));
          const width = b - a + 1;
          if (width >= cfg.minCharNgram && width !== len) add(bucketOf(h, cfg.buckets), 1);
        }
      }
    }
  }

  // 1 + ln(count) per group, each group L2-normalised, groups scaled so the vector has unit length;
  // float32 arithmetic where the Java reference uses float
  const f = Math.fround;
  const tf = (c) => (c === 0 ? 0 : f(1 + Math.log(c)));
  let normWords = 0, normChars = 0;
  const entries = [...counts.entries()].map(([b, [cw, cc]]) => {
    const w = tf(cw), c = tf(cc);
    normWords += f(w * w);
    normChars += f(c * c);
    return [b, w, c];
  });
  const groups = (normWords > 0 ? 1 : 0) + (normChars > 0 ? 1 : 0);
  if (groups === 0) return { buckets: [], values: [] };
  const scale = 1 / Math.sqrt(groups);
  const ww = normWords > 0 ? f(scale / Math.sqrt(normWords)) : 0;
  const wc = normChars > 0 ? f(scale / Math.sqrt(normChars)) : 0;
  return {
    buckets: entries.map((e) => e[0]),
    values: entries.map(([, w, c]) => f(f(w * ww) + f(c * wc))),
  };
}
