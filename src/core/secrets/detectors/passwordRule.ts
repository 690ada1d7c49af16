import type { Detector, RawMatch, ScanContext } from '../Detector';
import type { SecretKind } from '../SecretFinding';
import { segmentsAround } from '../segments';
import { judgeAssignment } from './genericAssignment';

export interface PasswordRuleOptions {
  /** What the line must also hold for a match to count (a connection string's other keys, an SQL statement). */
  context?: (line: string, ctx: ScanContext) => boolean;
  /** The key the value is judged under (default `password`): decides entropy gates and default credentials. */
  key?: string;
  /** In code, count only a match inside a string literal (a quote before it on the line): `f(user=u, password=p)` passes variables. */
  inString?: boolean;
  /**
   * What the text must hold right at a keyword hit (a regex, tried sticky there): hits failing it are
   * dropped before any line is looked at (finding lines costs a pass over the whole file).
   */
  atHit?: RegExp;
  /** The kind reported (default `generic-assignment`). */
  kind?: SecretKind;
}

/**
 * A rule for passwords written in a syntax other than `key = value` (`Password=…;` in a connection
 * string, `IDENTIFIED BY '…'`, `mysql -p…`): `re` (flags `gd`, any others) finds them on the lines
 * holding a keyword, group 1 exactly the value; the value then gets the generic rule's verdict
 * (placeholders, references, entropy, default credentials, lower confidence in documentation).
 */
export function passwordRule(id: string, title: string, keywords: string[], re: RegExp, opts: PasswordRuleOptions = {}): Detector {
  return {
    id,
    title,
    keywords,
    kind: opts.kind ?? 'generic-assignment',
    severity: 'warning',
    confidence: 'medium',
    find(ctx: ScanContext, hits: readonly number[]): RawMatch[] {
      const out: RawMatch[] = [];
      const { atHit } = opts;
      const near = atHit
        ? hits.filter((h) => {
            atHit.lastIndex = h;
            return atHit.test(ctx.text);
          })
        : hits;
      if (near.length === 0) return out;
      for (const seg of segmentsAround(ctx.lines, near)) {
        const text = ctx.text.slice(seg.start, seg.end);
        if (opts.context && !opts.context(text, ctx)) continue;
        re.lastIndex = 0;
        for (let m = re.exec(text); m; m = re.exec(text)) {
          const span = m.indices?.[1];
          if (!span) continue;
          if (opts.inString && ctx.fileKind === 'code') {
            // A quote earlier on the line, looked for within 1 KB back (a bounded look per match keeps long lines linear).
            const from = Math.max(0, m.index - 1024);
            const before = text.slice(from, m.index);
            if (!/["'`]/.test(before.slice(before.lastIndexOf('\n') + 1))) continue;
          }
          const found = judgeAssignment(ctx, opts.key ?? 'password', m[1], seg.start + span[0], true);
          if (!found) continue;
          out.push(found.kind === 'default-credential' ? found : { ...found, ruleId: id, title, kind: opts.kind });
        }
      }
      return out;
    },
  };
}
