/**
 * Finds every occurrence of many short lowercase ASCII keywords in one pass, ignoring ASCII case:
 * a table indexed by each position's first three characters narrows it to a few candidates.
 * (Calling `includes` once per keyword cost more than all the detectors together, and
 * `toLowerCase` on a non-ASCII text alone costs a third of a scan. Indexing by two characters
 * sent ~15% of the positions of ordinary source, "re", "se", "nt"..., to the candidate check.)
 */
export class KeywordIndex {
  /** Bucket number + 1 per three-character prefix, 0 for none (a typed array: read once per character). */
  private readonly triples = new Uint16Array(1 << 21);
  private readonly buckets: string[][] = [];

  constructor(keywords: Iterable<string>) {
    for (const k of new Set(keywords)) {
      if (k.length < 2 || /[^\x20-\x7e]/.test(k)) throw new Error(`keyword must be 2+ ASCII characters: ${k}`);
      // A two-character keyword goes into the bucket of every third character (0: end of text).
      const thirds = k.length > 2 ? [k.charCodeAt(2)] : Array.from({ length: 128 }, (_, c) => c);
      for (const c2 of thirds) {
        const t = (k.charCodeAt(0) << 14) | (k.charCodeAt(1) << 7) | c2;
        if (this.triples[t] === 0) this.triples[t] = this.buckets.push([]);
        this.buckets[this.triples[t] - 1].push(k);
      }
    }
  }

  /** Offsets of each keyword found in `text` (ASCII case-insensitive), ascending. */
  find(text: string): Map<string, number[]> {
    const hits = new Map<string, number[]>();
    const { buckets, triples } = this;
    const n = text.length - 1;
    let c1 = folded[text.charCodeAt(0)];
    let c2 = n > 0 ? folded[text.charCodeAt(1)] : 0;
    for (let i = 0; i < n; i++) {
      const c0 = c1;
      c1 = c2;
      c2 = i + 2 <= n ? folded[text.charCodeAt(i + 2)] : 0;
      const slot = triples[(c0 << 14) | (c1 << 7) | c2];
      if (slot === 0) continue;
      const bucket = buckets[slot - 1];
      for (let b = 0; b < bucket.length; b++) {
        const k = bucket[b];
        if (k.length > 3 && !matchesAt(text, k, i)) continue;
        const list = hits.get(k);
        if (list) list.push(i);
        else hits.set(k, [i]);
      }
    }
    return hits;
  }
}

/**
 * Each UTF-16 code unit folded for lookup: ASCII lowercased, anything else 127 (DEL, in no keyword,
 * so it only ever completes a two-character keyword as its third character). One load per character.
 */
const folded = new Uint8Array(1 << 16).fill(127);
for (let c = 0; c < 127; c++) folded[c] = c >= 65 && c <= 90 ? c | 32 : c;

function fold(c: number): number {
  return c >= 65 && c <= 90 ? c | 32 : c;
}

/** `keyword` (lowercase) occurs at `at` in `text`, ignoring ASCII case; the first 3 characters are already checked. */
function matchesAt(text: string, keyword: string, at: number): boolean {
  for (let j = 3; j < keyword.length; j++) if (fold(text.charCodeAt(at + j)) !== keyword.charCodeAt(j)) return false;
  return true;
}
