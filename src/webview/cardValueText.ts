/**
 * Card values that wrap without losing their meaning: a number and its unit are glued with a
 * no-break space (`42.6 MB`, `12 ms`, `99.95% of 1 h` wraps between words, never between `42.6`
 * and `MB`), and an overlong detail is cut at a word boundary (the card's title has it whole). Pure.
 */

const NBSP = '\u00a0';
/** Units the dashboard writes after a number. */
const UNIT = /(\d)[ \u00a0](?=(?:ms|s|min|h|d|B|KB|MB|GB|TB|KiB|MiB|GiB)(?![\p{L}\p{N}]))/gu;

/** `42.6 MB` -> `42.6\u00a0MB`: a line may break between words, never between a number and its unit. */
export function keepUnitsWhole(text: string): string {
  return text.replace(UNIT, `$1${NBSP}`);
}

/** Longest detail shown whole on a card; longer ones are cut at a word boundary. */
export const DETAIL_MAX = 240;

/**
 * `text` whole when it has at most `max` characters; else cut at the last space at or before
 * `max - 1` and ended with `…` (at `max - 1` itself only when the text has no space to cut at).
 */
export function clipAtWord(text: string, max = DETAIL_MAX): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max - 1);
  const space = head.search(/\s\S*$/);
  return `${(space > 0 ? head.slice(0, space) : head).trimEnd()}…`;
}
