/** Levenshtein distance, small and exact (keys and service names are short). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

/** The closest candidate when it is close enough to be a likely typo, else undefined. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  // `start_period` for `startPeriod` counts as an exact match: case and separators do not matter.
  const plain = (s: string) => s.toLowerCase().replace(/[_-]/g, '');
  for (const c of candidates) {
    const score = Math.min(editDistance(word.toLowerCase(), c.toLowerCase()), editDistance(plain(word), plain(c)));
    if (score < bestScore) {
      best = c;
      bestScore = score;
    }
  }
  const limit = Math.max(2, Math.floor(word.length / 3));
  return best !== undefined && bestScore <= limit ? best : undefined;
}

/** ` Did you mean \`x\`?` or, with nothing close, the list of valid names (`Valid: a, b, c.`). */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const c = closest(word, candidates);
  if (c) return ` Did you mean \`${c}\`?`;
  if (candidates.length === 0) return '';
  const shown = candidates
    .slice(0, 12)
    .map((x) => `\`${x}\``)
    .join(', ');
  return ` Valid: ${shown}${candidates.length > 12 ? ', …' : ''}.`;
}
