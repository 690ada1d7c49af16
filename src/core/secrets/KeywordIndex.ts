/**
 * Finds every occurrence of many short lowercase ASCII keywords in one pass, ignoring ASCII case:
 * a table indexed by each keyword's first two characters narrows each position to a few
 * candidates. (Calling `includes` once per keyword cost more than all the detectors together,
 * and `toLowerCase` on a non-ASCII text alone costs a third of a scan.)
 */
export class KeywordIndex {
  private readonly buckets: (string[] | undefined)[] = new Array<string[] | undefined>(1 << 14);

  constructor(keywords: Iterable<string>) {
    for (const k of new Set(keywords)) {
      if (k.length < 2 || /[^\x20-\x7e]/.test(k)) throw new Error(`keyword must be 2+ ASCII characters: ${k}`);
      const pair = (k.charCodeAt(0) << 7) | k.charCodeAt(1);
      (this.buckets[pair] ??= []).push(k);
    }
  }

  /** Offsets of each keyword found in `text` (ASCII case-insensitive), ascending. */
  find(text: string): Map<string, number[]> {
    const hits = new Map<string, number[]>();
    const { buckets } = this;
    const n = text.length - 1;
    let c1 = fold(text.charCodeAt(0));
    for (let i = 0; i < n; i++) {
      const c0 = c1;
      c1 = fold(text.charCodeAt(i + 1));
      if ((c0 | c1) > 127) continue;
      const bucket = buckets[(c0 << 7) | c1];
      if (bucket === undefined) continue;
      const c2 = fold(text.charCodeAt(i + 2));
      for (let b = 0; b < bucket.length; b++) {
        const k = bucket[b];
        if (k.length > 2 && (k.charCodeAt(2) !== c2 || (k.length > 3 && !matchesAt(text, k, i)))) continue;
        const list = hits.get(k);
        if (list) list.push(i);
        else hits.set(k, [i]);
      }
    }
    return hits;
  }
}

function fold(c: number): number {
  return c >= 65 && c <= 90 ? c | 32 : c;
}

/** `keyword` (lowercase) occurs at `at` in `text`, ignoring ASCII case; the first 3 characters are already checked. */
function matchesAt(text: string, keyword: string, at: number): boolean {
  for (let j = 3; j < keyword.length; j++) if (fold(text.charCodeAt(at + j)) !== keyword.charCodeAt(j)) return false;
  return true;
}
