import { createHash } from 'node:crypto';

/** One-way, stable identity of a finding: rule, file (forward slashes) and value. */
export function fingerprint(ruleId: string, file: string, value: string): string {
  return createHash('sha256')
    .update(`${ruleId}\0${file.replace(/\\/g, '/')}\0${value}`)
    .digest('hex');
}
