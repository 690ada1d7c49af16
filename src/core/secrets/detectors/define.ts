import type { Detector, RawMatch, ScanContext } from '../Detector';
import type { SecretConfidence, SecretKind, SecretSeverity } from '../SecretFinding';
import { isPlaceholderToken } from '../isPlaceholder';
import { lineAround, segmentsAround } from '../segments';

export interface TokenOptions {
  kind?: SecretKind;
  severity?: SecretSeverity;
  confidence?: SecretConfidence;
  /** Extra regex flags besides `g` and `d` (e.g. `i`). */
  flags?: string;
  /** Reject a candidate (e.g. a bad checksum). `line` is the text of the line it is on. */
  validate?: (value: string, line: string) => boolean;
  /**
   * What every match has right at its keyword (a regex source, tried sticky with the flags at each
   * hit): lines whose hits all lack it are skipped. Only for a condition the regex itself implies.
   */
  atKeyword?: string;
  /**
   * The characters (a regex class body) of the key, separator and value together, for a detector
   * whose every match starts at a keyword hit: the regex is tried sticky at each hit, and hits
   * inside the run of such characters that follows a tried hit are skipped. Without it a line of
   * `_authToken=_authToken=…` tried the value's 2,000-character repetition at every hit (1 MB: 4 s).
   */
  runClass?: string;
}

/** Characters that may not touch a token on either side. */
export const B = '(?<![A-Za-z0-9_])';
export const E = '(?![A-Za-z0-9_])';

/**
 * Whether every match of `source` starts where one of `keywords` does: `${B}(` and a literal that
 * begins with a keyword (`ghp_` for `ghp_`, `SG.` for `sg.`). Such a regex is tried
 * only at the keyword hits (sticky), instead of over every line holding one: a keyword like
 * `secret_` or `st.` occurs on many lines where the token itself never does.
 */
export function anchoredAtKeyword(keywords: readonly string[], source: string): boolean {
  if (!source.startsWith(`${B}(`)) return false;
  const lead = /^(?:[A-Za-z0-9_-]|\\[.$])+(?![?*+{])/
    .exec(source.slice(B.length + 1))?.[0]
    .replace(/\\/g, '')
    .toLowerCase();
  return lead !== undefined && keywords.every((k) => lead.startsWith(k));
}

/**
 * A detector from one regex whose group 1 is exactly the secret. Keep sources linear: a literal
 * prefix or a lookbehind boundary first, bounded repetitions only, no nested quantifiers.
 */
export function token(id: string, title: string, keywords: string[], source: string, opts: TokenOptions = {}): Detector {
  const re = new RegExp(source, `gd${opts.flags ?? ''}`);
  const sticky = anchoredAtKeyword(keywords, source) ? new RegExp(source, `yd${opts.flags ?? ''}`) : undefined;
  const atHit = opts.runClass === undefined ? undefined : new RegExp(source, `yd${opts.flags ?? ''}`);
  const run = opts.runClass === undefined ? undefined : new RegExp(`[${opts.runClass}]*`, `y${opts.flags ?? ''}`);
  const atKeyword = opts.atKeyword === undefined ? undefined : new RegExp(opts.atKeyword, `y${opts.flags ?? ''}`);
  const viable = (text: string, hits: readonly number[]): readonly number[] =>
    atKeyword === undefined
      ? hits
      : hits.filter((h) => {
          atKeyword.lastIndex = h;
          return atKeyword.test(text);
        });
  return {
    id,
    title,
    keywords,
    kind: opts.kind ?? 'provider-token',
    severity: opts.severity ?? 'error',
    confidence: opts.confidence ?? 'high',
    find(ctx: ScanContext, hits: readonly number[]): RawMatch[] {
      const out: RawMatch[] = [];
      if (atHit && run) {
        let skip = -1;
        for (const hit of hits) {
          if (hit < skip) continue;
          run.lastIndex = hit;
          run.test(ctx.text);
          skip = run.lastIndex;
          atHit.lastIndex = hit;
          const m = atHit.exec(ctx.text);
          const span = m?.indices?.[1];
          if (!m || !span || isPlaceholderToken(m[1])) continue;
          if (opts.validate && !opts.validate(m[1], lineAround(ctx.lines, ctx.text, span[0]))) continue;
          out.push({ start: span[0], end: span[1], checked: true });
        }
        return out;
      }
      if (sticky) {
        for (const hit of hits) {
          sticky.lastIndex = hit;
          const m = sticky.exec(ctx.text);
          const span = m?.indices?.[1];
          if (!m || !span || isPlaceholderToken(m[1])) continue;
          if (opts.validate && !opts.validate(m[1], lineAround(ctx.lines, ctx.text, span[0]))) continue;
          out.push({ start: span[0], end: span[1], checked: true });
        }
        return out;
      }
      const near = viable(ctx.text, hits);
      // (ctx.lines finds every line start of the file: not for nothing.)
      if (near.length === 0) return out;
      for (const seg of segmentsAround(ctx.lines, near)) {
        const text = ctx.text.slice(seg.start, seg.end);
        re.lastIndex = 0;
        for (let m = re.exec(text); m; m = re.exec(text)) {
          if (m[0].length === 0) re.lastIndex++;
          const span = m.indices?.[1];
          if (!span) continue;
          const value = m[1];
          if (isPlaceholderToken(value)) continue;
          if (opts.validate && !opts.validate(value, text)) continue;
          out.push({ start: seg.start + span[0], end: seg.start + span[1], checked: true });
        }
      }
      return out;
    },
  };
}

/** `name ... = "value"` within one line: a key matching `name` (a regex source), a separator, then `value`. */
export function assigned(name: string, value: string): string {
  return `${name}[A-Za-z0-9_.\\-]{0,20}["']?\\s{0,4}(?::=|=>|=|:|,)\\s{0,4}["'\`]?(${value})(?![A-Za-z0-9_+/=\\-])`;
}
