import type { Detector, RawMatch, ScanContext } from '../Detector';
import { segmentsAround } from '../segments';

const jwtRe = /(?<![A-Za-z0-9_\-.])(eyJ[A-Za-z0-9_-]{8,4000}\.[A-Za-z0-9_-]{2,8000}\.[A-Za-z0-9_-]{10,2000})(?![A-Za-z0-9_\-.])/dg;

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function judge(token: string, start: number): RawMatch | undefined {
  const [header, payload] = token.split('.');
  if (typeof decodeJson(header)?.alg !== 'string') return undefined;
  const claims = decodeJson(payload);
  const end = start + token.length;
  if (claims?.role === 'anon') return undefined;
  if (claims?.role === 'service_role') {
    return { start, end, ruleId: 'supabase-service-role-key', title: 'Supabase service role key', severity: 'error', confidence: 'high', checked: true };
  }
  return { start, end, confidence: claims ? 'medium' : 'low', checked: true };
}

/**
 * JSON Web Tokens: three base64url parts whose header decodes to JSON with `alg`. Supabase's
 * `anon` key is public by design and skipped; its `service_role` key is reported as such.
 */
export const jwtDetector: Detector = {
  id: 'jwt',
  kind: 'jwt',
  title: 'JSON Web Token',
  severity: 'warning',
  confidence: 'medium',
  keywords: ['eyj'],
  extraRules: [{ id: 'supabase-service-role-key', kind: 'jwt', title: 'Supabase service role key', severity: 'error' }],
  find(ctx: ScanContext, hits: readonly number[]): RawMatch[] {
    const out: RawMatch[] = [];
    for (const seg of segmentsAround(ctx.lines, hits)) {
      const text = ctx.text.slice(seg.start, seg.end);
      jwtRe.lastIndex = 0;
      for (let m = jwtRe.exec(text); m; m = jwtRe.exec(text)) {
        const span = m.indices?.[1];
        const found = span && judge(m[1], seg.start + span[0]);
        if (found) out.push(found);
      }
    }
    return out;
  },
};
