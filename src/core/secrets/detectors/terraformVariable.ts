import type { Detector, RawMatch, ScanContext } from '../Detector';
import { classifyKey } from '../secretKey';
import { judgeAssignment } from './genericAssignment';

const headRe = /^[ \t]*variable[ \t]{1,8}"([A-Za-z0-9_-]{1,64})"[ \t]*\{/;
const defaultRe = /^([ \t]*default[ \t]{0,8}=[ \t]{0,8}")([^"\r\n]{1,400})"/;

/**
 * `variable "db_password" { default = "…" }` in Terraform: the name that says "secret" is on the
 * block's first line, the literal a few lines below, where no single-line rule links them. The
 * block is read up to its first `}` (at most 20 lines); `sensitive = true` does not hide a default.
 */
export const terraformVariableDetector: Detector = {
  id: 'terraform-variable-default',
  kind: 'generic-assignment',
  title: 'Secret default of a Terraform variable',
  severity: 'warning',
  confidence: 'medium',
  keywords: ['variable "'],
  find(ctx: ScanContext, hits: readonly number[]): RawMatch[] {
    const out: RawMatch[] = [];
    const { lines } = ctx;
    for (const hit of hits) {
      const first = lines.lineOf(hit);
      const name = headRe.exec(lines.lineText(first))?.[1];
      if (!name || !classifyKey(name)) continue;
      for (let line = first + 1; line < Math.min(lines.lineCount, first + 20); line++) {
        const text = lines.lineText(line);
        const m = defaultRe.exec(text);
        if (m) {
          const found = judgeAssignment(ctx, name, m[2], lines.lineStart(line) + m[1].length, true);
          if (found)
            out.push(
              found.kind === 'default-credential'
                ? found
                : { ...found, ruleId: 'terraform-variable-default', title: `Secret default of Terraform variable ${name}` },
            );
          break;
        }
        if (/^[ \t]*\}/.test(text)) break;
      }
    }
    return out;
  },
};
