/**
 * Finds every occurrence of many short lowercase ASCII keywords (3+ characters) in one pass,
 * ignoring ASCII case, and files each under the groups (detectors) that asked for it.
 *
 * The text is copied into bytes (one per UTF-16 unit, so offsets stay the same) and read two bytes
 * at a time: a keyword of 3+ characters starting at an even offset fills a whole aligned pair with
 * its characters 0-1, at an odd offset with its characters 1-2. One table lookup per pair (half the
 * loads and branches of one per character) leaves ~1/4 of the pairs (short keywords such as `key`,
 * `pat` or `st.` make common pairs); the byte just before and just after the pair, each looked up in
 * the bucket's table of the characters its keywords have there, turn most of those away before any
 * keyword is compared (a third of the prefilter's time on an npm tree); what is left is checked
 * keyword by keyword against the bytes (and the text itself). Earlier versions: `includes` per keyword cost more than all the
 * detectors together; `toLowerCase` on a non-ASCII text a third of a scan; a per-character loop over
 * the string was half of a whole CLI scan. Hits arrive in text order, so each group's list is
 * ascending without a merge.
 */
export class KeywordIndex {
  /** Per little-endian byte pair (either case): its bucket number + 1, 0 for none. */
  private readonly pairs = new Uint16Array(1 << 16);
  private readonly buckets: Entry[][] = [];
  /**
   * Per bucket, 256 flags each: the folded bytes that its keywords have right after the pair, and,
   * for keywords that end with the pair, right before it. A pair neither of whose neighbours fits
   * is no keyword's.
   */
  private before = new Uint8Array(0);
  private after = new Uint8Array(0);

  constructor(private readonly groups: readonly (readonly string[])[]) {
    const groupsOf = new Map<string, number[]>();
    groups.forEach((keywords, g) => {
      for (const k of new Set(keywords)) groupsOf.set(k, [...(groupsOf.get(k) ?? []), g]);
    });
    const bucketOf = new Map<string, number>();
    for (const [keyword, ids] of groupsOf) {
      if (!/^[\x20-\x7e]{3,}$/.test(keyword) || keyword !== keyword.toLowerCase())
        throw new Error(`keyword must be 3+ lowercase ASCII characters: ${keyword}`);
      // Starting at an even offset, the keyword's pairs at even positions are aligned; at an odd
      // offset, those at odd positions. Index each parity by its rarest pair.
      for (const parity of [0, 1]) {
        let best = parity;
        for (let j = parity + 2; j + 1 < keyword.length; j += 2) if (pairRank(keyword, j) > pairRank(keyword, best)) best = j;
        const pair = keyword.slice(best, best + 2);
        let bucket = bucketOf.get(pair);
        if (bucket === undefined) {
          bucket = this.buckets.push([]) - 1;
          bucketOf.set(pair, bucket);
          for (const a of cases(pair.charCodeAt(0))) for (const b of cases(pair.charCodeAt(1))) this.pairs[pairValue(a, b)] = bucket + 1;
        }
        this.buckets[bucket].push({ keyword, chars: Uint8Array.from(keyword, (c) => c.charCodeAt(0)), offset: best, groups: ids });
      }
    }
    // Within a pair, the keyword whose pair lies furthest in starts first: hits stay ascending.
    for (const bucket of this.buckets) bucket.sort((a, b) => b.offset - a.offset);
    this.before = new Uint8Array(this.buckets.length << 8);
    this.after = new Uint8Array(this.buckets.length << 8);
    this.buckets.forEach((bucket, b) => {
      // 3+ characters: a keyword whose pair is its last two has a character before it.
      for (const { chars, offset } of bucket)
        if (offset + 2 < chars.length) this.after[(b << 8) + chars[offset + 2]] = 1;
        else this.before[(b << 8) + chars[offset - 1]] = 1;
    });
  }

  /** Per group (in constructor order), the ascending, distinct offsets where one of its keywords starts. */
  find(text: string): number[][] {
    return this.findIn(latin1(text), text.length, text);
  }

  /**
   * The same over ASCII bytes (a file not yet decoded; offsets are the text's when every byte is
   * ASCII): `bytes` must start at an even offset of its buffer and hold one readable byte past `n`.
   */
  findBytes(bytes: Uint8Array, n: number): number[][] {
    return this.findIn(bytes, n, undefined);
  }

  private findIn(bytes: Uint8Array, n: number, text: string | undefined): number[][] {
    const hits: number[][] = new Array<number[]>(this.groups.length);
    for (let g = 0; g < hits.length; g++) hits[g] = none;
    let unsorted = false;
    const words = new Uint16Array(bytes.buffer, bytes.byteOffset, n >> 1);
    const { pairs, buckets, before, after } = this;
    for (let i = 0; i < words.length; i++) {
      const slot = pairs[words[i]];
      if (slot === 0) continue;
      // The byte after the pair is at most bytes[n] (the one readable byte past n).
      const base = (slot - 1) << 8;
      const p = i << 1;
      if (after[base + fold[bytes[p + 2]]] === 0 && (p === 0 || before[base + fold[bytes[p - 1]]] === 0)) continue;
      const bucket = buckets[slot - 1];
      for (let e = 0; e < bucket.length; e++) {
        const { keyword, chars, offset, groups } = bucket[e];
        const start = (i << 1) - offset;
        if (start < 0 || start + chars.length > n) continue;
        let j = 0;
        while (j < chars.length && fold[bytes[start + j]] === chars[j]) j++;
        if (j < chars.length || (text !== undefined && !matchesAt(text, keyword, start))) continue;
        for (let g = 0; g < groups.length; g++) {
          let list = hits[groups[g]];
          if (list === none) list = hits[groups[g]] = [];
          const last = list.length === 0 ? -1 : list[list.length - 1];
          if (start > last) list.push(start);
          else if (start < last) {
            list.push(start);
            unsorted = true;
          }
        }
      }
    }
    // A keyword found by a later pair can start before one found earlier.
    if (unsorted) for (let g = 0; g < hits.length; g++) hits[g] = ascendingDistinct(hits[g]);
    return hits;
  }
}

/** The hit list of every group without hits (shared, never pushed to). */
const none = Object.freeze([]) as unknown as number[];

interface Entry {
  keyword: string;
  chars: Uint8Array;
  /** Where in the keyword the indexed pair is. */
  offset: number;
  groups: readonly number[];
}

function ascendingDistinct(list: number[]): number[] {
  let i = 1;
  while (i < list.length && list[i] > list[i - 1]) i++;
  if (i >= list.length) return list;
  const sorted = Int32Array.from(list).sort();
  const out: number[] = [];
  for (const x of sorted) if (out.length === 0 || out[out.length - 1] !== x) out.push(x);
  return out;
}

/**
 * The 300 commonest character pairs (printable ASCII, case folded, by aligned position) in 60 MB of
 * TypeScript, JavaScript, Python, Perl, Markdown and JSON (node_modules and Debian's
 * /usr/lib/python3 and /usr/share), commonest first: each keyword is indexed by its rarest pair.
 * These 300 cover 77% of all pairs; anything missing is rarer than all of them.
 */
const commonPairs =
  (
    '  ree ineronth t, enstteordeesseats tit co i: nt alehe saraln etit cioisanedromengtrpetorins rd  =li' +
    ' *no=  otaodr  \'nd fraec "neelas pomf pacturex*  n {cefi echrteacama (acprllvepoamge bun dty) ilsina' +
    "ifncops.ulsshala mhi--efy lo wvautouuetsfokerso ptttdiemyprrictuadidrn }# ot lbe uus',a //);**mpsoof" +
    'e.ol viml g ",gi #clhttp==daiem  `miigs:fascapsu $agqululspl.cckcrh epwie_ubabocmojsnudoumowhoaiosir' +
    ' 0nisplt hbubl [pse,00/nbaeq /xt -rulf":t.aue(t_obee()xpshryev> pufufesafrbooo gip} ups/ 1:/ld/*),tc' +
    "e:rcey- . ia @*/0,` e)uirglynfhu\\uppjermaymb')):t(ok] pimmivds || ##(h](m/ffb./gwh/ _cr.(sbjcuddwa.s"
  ).match(/[\s\S]{2}/g) ?? [];
const rankOf = new Map(commonPairs.map((p, i) => [p, i]));

/** Higher is rarer. */
function pairRank(keyword: string, at: number): number {
  return rankOf.get(keyword.slice(at, at + 2)) ?? commonPairs.length;
}

function cases(c: number): number[] {
  return c >= 97 && c <= 122 ? [c, c - 32] : [c];
}

/** A byte pair as a Uint16Array over memory reads it (platform byte order). */
function pairValue(a: number, b: number): number {
  return new Uint16Array(Uint8Array.of(a, b).buffer)[0];
}

/** Each byte folded: ASCII lowercased, anything else 127 (DEL, in no keyword). */
const fold = new Uint8Array(256).fill(127);
for (let c = 0; c < 127; c++) fold[c] = c >= 65 && c <= 90 ? c | 32 : c;

/** `keyword` (lowercase) occurs at `at` in `text`, ignoring ASCII case: the bytes lie about characters beyond Latin-1. */
function matchesAt(text: string, keyword: string, at: number): boolean {
  if (at + keyword.length > text.length) return false;
  for (let j = 0; j < keyword.length; j++) {
    const c = text.charCodeAt(at + j);
    if ((c >= 65 && c <= 90 ? c | 32 : c) !== keyword.charCodeAt(j)) return false;
  }
  return true;
}

/** One scratch buffer, reused: the text's UTF-16 units truncated to bytes (offsets kept). */
let scratch = Buffer.from(new ArrayBuffer(64 * 1024)); // its own memory: offset 0, so pairs are aligned

function latin1(text: string): Buffer {
  // +1: a keyword check may read one byte past an odd-length text.
  if (scratch.length < text.length + 1) scratch = Buffer.from(new ArrayBuffer(Math.max(text.length + 1, scratch.length * 2)));
  scratch.write(text, 0, 'latin1');
  scratch[text.length] = 0;
  return scratch;
}
