import type { Detector, RawMatch, ScanContext } from '../Detector';
import { isGenericRule, judgeAssignment } from './genericAssignment';

const valueRe = /^([ \t]*(?:-[ \t]+)?value:[ \t]*)(["']?)([^\s"'#][^"'#\r\n]{0,399}?)\2[ \t]*(?:#.*)?$/;
const nameRe = /^[ \t]*(?:-[ \t]+)?name:[ \t]*["']?([A-Za-z_][A-Za-z0-9_.-]{0,63})["']?[ \t]*$/;

/**
 * `- name: DB_PASSWORD` then `value: "…"` (a Kubernetes container's `env`, Azure Pipelines'
 * `variables`, GitHub's and Helm's name/value lists): the key is on the line above the value. The
 * value is judged under that name; `valueFrom:` and `$(…)` references are not values.
 */
export const nameValuePairDetector: Detector = {
  id: 'name-value-secret',
  kind: 'generic-assignment',
  title: 'Hardcoded secret in a name/value pair',
  severity: 'warning',
  confidence: 'medium',
  keywords: ['value:'],
  find(ctx: ScanContext, hits: readonly number[]): RawMatch[] {
    const out: RawMatch[] = [];
    const { lines } = ctx;
    let done = -1;
    for (const hit of hits) {
      // Only a `value:` that starts its line (after blanks or `- `): `{ value: x }` in code is not one.
      let i = hit - 1;
      while (i >= 0 && (ctx.text[i] === ' ' || ctx.text[i] === '\t' || ctx.text[i] === '-')) i--;
      if (i >= 0 && ctx.text[i] !== '\n') continue;
      const line = lines.lineOf(hit);
      if (line === done || line === 0) continue;
      done = line;
      const m = valueRe.exec(lines.lineText(line));
      if (!m) continue;
      const name = nameRe.exec(lines.lineText(line - 1))?.[1];
      if (!name) continue;
      const found = judgeAssignment(ctx, name, m[3].trim(), lines.lineStart(line) + m[1].length + m[2].length, m[2] !== '');
      if (found)
        out.push(isGenericRule(found.ruleId) ? { ...found, ruleId: 'name-value-secret', title: `Hardcoded secret: ${name}` } : found);
    }
    return out;
  },
};
