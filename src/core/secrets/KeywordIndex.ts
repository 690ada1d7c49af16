/**
 * Finds every occurrence of many short lowercase ASCII keywords in one pass over a lowercased
 * text: a table indexed by each keyword's first two characters narrows each position to a few
 * candidates. (Calling `includes` once per keyword cost more than all the detectors together.)
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

  /** Offsets of each keyword found in `lower`, ascending. */
  find(lower: string): Map<string, number[]> {
    const hits = new Map<string, number[]>();
    const { buckets } = this;
    const n = lower.length - 1;
    let c1 = lower.charCodeAt(0);
    for (let i = 0; i < n; i++) {
      const c0 = c1;
      c1 = lower.charCodeAt(i + 1);
      if ((c0 | c1) > 127) continue;
      const bucket = buckets[(c0 << 7) | c1];
      if (bucket === undefined) continue;
      const c2 = lower.charCodeAt(i + 2);
      for (let b = 0; b < bucket.length; b++) {
        const k = bucket[b];
        if (k.length > 2 && (k.charCodeAt(2) !== c2 || (k.length > 3 && !lower.startsWith(k, i)))) continue;
        const list = hits.get(k);
        if (list) list.push(i);
        else hits.set(k, [i]);
      }
    }
    return hits;
  }
}
