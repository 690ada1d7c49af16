import type { LineIndex } from './LineIndex';

/** Inline allow markers: ours, and those developers already use with gitleaks, detect-secrets and secretlint. */
const markers = /stackpilot-ignore-secret|gitleaks:allow|pragma: ?allowlist secret|secretlint-disable-line|secretlint-disable-next-line/;

/** True when the line of a finding (0-based), or the line before it, carries an allow marker. */
export function hasAllowComment(lines: LineIndex, line: number): boolean {
  return markers.test(lines.lineText(line)) || (line > 0 && markers.test(lines.lineText(line - 1)));
}
