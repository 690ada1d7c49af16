import type { Detector, RawMatch, ScanContext } from '../Detector';
import { segmentsAround } from '../segments';
import { isGenericRule, judgeAssignment } from './genericAssignment';

// `define('DB_PASSWORD', '…')`, `os.environ.setdefault("API_KEY", "…")`, `os.Setenv("TOKEN", "…")`,
// `System.setProperty("…", "…")`, and `os.environ["API_KEY"] = "…"` / `ENV['TOKEN'] = '…'`: the key is
// a string, so no `key = value` rule sees it. Quotes may be JSON-escaped (`\"`, a notebook's source).
const keyedRe =
  /(?:\b(?:define|setdefault|setenv|Setenv|putenv|setProperty|SetEnvironmentVariable)[ \t]{0,4}\([ \t]{0,4}|\[[ \t]{0,4})(\\?["'])([A-Za-z_][A-Za-z0-9_.-]{0,63})\1[ \t]{0,4}(?:\][ \t]{0,4}=|,)[ \t]{0,4}(\\?["'])([^"'\\\r\n]{1,400})\3/dg;

/** Secrets assigned under a key written as a string: keyed calls and subscript assignments. */
export const keyedAssignmentDetector: Detector = {
  id: 'keyed-assignment',
  kind: 'generic-assignment',
  title: 'Hardcoded secret',
  severity: 'warning',
  confidence: 'medium',
  keywords: [
    'define(',
    'setdefault(',
    'setenv(',
    'putenv(',
    'setproperty(',
    'setenvironmentvariable(',
    '"] =',
    "'] =",
    '"]=',
    "']=",
    '\\"] =',
  ],
  find(ctx: ScanContext, hits: readonly number[]): RawMatch[] {
    const out: RawMatch[] = [];
    // `define(` and friends only matter with a quoted key right after (AMD's `define([…], …)` is everywhere).
    const near = hits.filter((h) =>
      ctx.text.charCodeAt(h) !== 100 && ctx.text.charCodeAt(h) !== 68
        ? true
        : /define[ \t]{0,4}\([ \t]{0,4}\\?["']/y.test(ctx.text.slice(h, h + 24)),
    );
    if (near.length === 0) return out;
    for (const seg of segmentsAround(ctx.lines, near)) {
      const text = ctx.text.slice(seg.start, seg.end);
      keyedRe.lastIndex = 0;
      for (let m = keyedRe.exec(text); m; m = keyedRe.exec(text)) {
        const span = m.indices?.[4];
        if (!span) continue;
        const found = judgeAssignment(ctx, m[2], m[4], seg.start + span[0], true);
        if (found) out.push(isGenericRule(found.ruleId) ? { ...found, ruleId: 'keyed-assignment' } : found);
      }
    }
    return out;
  },
};
