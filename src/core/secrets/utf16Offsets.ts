/**
 * Byte offsets in valid UTF-8 turned into offsets in its decoded text (UTF-16 units), for keyword
 * hits found on a file's bytes before it is decoded: every ASCII byte of valid UTF-8 is that ASCII
 * character, so an ASCII keyword occurs at the same places in both, only counted differently. A
 * lead byte starts one unit (two for a 4-byte sequence: a surrogate pair); continuation bytes
 * (10xxxxxx) start none. `bytes` must be valid UTF-8 (Node's `isUtf8`): with invalid bytes the
 * decoder's U+FFFD replacements would not be counted right.
 */
export function utf16Offsets(bytes: Uint8Array, hits: readonly (readonly number[])[]): number[][] {
  let count = 0;
  for (const list of hits) count += list.length;
  const all = new Int32Array(count);
  let k = 0;
  for (const list of hits) for (const h of list) all[k++] = h;
  all.sort();
  // One walk over the bytes up to the last hit, recording the unit offset of each hit (8 bytes a
  // hit, as bounded as the hit lists themselves); four bytes at a time where all four are ASCII
  // (most of a mostly-English file).
  const words = bytes.byteOffset % 4 === 0 ? new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2) : undefined;
  const units = new Int32Array(count);
  let unit = 0;
  let at = 0;
  for (let i = 0; i < count; i++) {
    const target = all[i];
    while (at < target) {
      if (words !== undefined && (at & 3) === 0 && at + 4 <= target && (words[at >> 2] & 0x80808080) === 0) {
        unit += 4;
        at += 4;
        continue;
      }
      const b = bytes[at++];
      if (b < 0x80) unit++;
      else if (b >= 0xc0) unit += b >= 0xf0 ? 2 : 1;
    }
    units[i] = unit;
  }
  return hits.map((list) => (list.length === 0 ? [] : list.map((h) => units[lowerBound(all, h)])));
}

/** The first index of `all` (ascending) holding `x` or more. */
function lowerBound(all: Int32Array, x: number): number {
  let lo = 0;
  let hi = all.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (all[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
