import type { LineIndex } from './LineIndex';

/** Inline allow markers: ours, and those developers already use with gitleaks, detect-secrets and secretlint. */
const markers = /stackpilot-ignore-secret|gitleaks:allow|pragma: ?allowlist secret|secretlint-disable-line|secretlint-disable-next-line/;

/**
 * True when the line of a finding (0-based), or the line before it, carries an allow marker.
 * `checked` remembers each line's answer: a long line with many findings is searched once, not once
 * per finding (a 1 MB line of key ids took seconds).
 */
export function hasAllowComment(lines: LineIndex, line: number, checked: Map<number, boolean> = new Map()): boolean {
  const marked = (n: number) => {
    let m = checked.get(n);
    if (m === undefined) checked.set(n, (m = markers.test(lines.lineText(n))));
    return m;
  };
  return marked(line) || (line > 0 && marked(line - 1));
}
