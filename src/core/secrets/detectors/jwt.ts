import type { Detector, RawMatch, ScanContext } from '../Detector';

/**
 * Tried sticky at each `eyJ`, on the whole text: tokens with many claims (group lists, Azure AD,
 * Kubernetes) run to tens of kilobytes, longer than the line window detectors get on long lines.
 * Each part's class excludes the dot that ends it, so a failed try costs at most its own length.
 */
const jwtRe = /(eyJ[A-Za-z0-9_-]{8,4000}\.[A-Za-z0-9_-]{2,65536}\.[A-Za-z0-9_-]{10,2000})(?![A-Za-z0-9_\-.])/y;
const tokenChar = /[A-Za-z0-9_\-.]/;

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The example token of jwt.io and RFC 7519 (`sub` 1234567890, John Doe; `iss` joe), copied into
 * countless docs and tests: signed with a published key, it grants nothing.
 */
function isDocumentationExample(claims: Record<string, unknown> | undefined): boolean {
  return (claims?.sub === '1234567890' && claims.name === 'John Doe') || (claims?.iss === 'joe' && claims.exp === 1300819380);
}

function judge(token: string, start: number): RawMatch | undefined {
  const [header, payload] = token.split('.');
  if (typeof decodeJson(header)?.alg !== 'string') return undefined;
  const claims = decodeJson(payload);
  const end = start + token.length;
  if (claims?.role === 'anon' || isDocumentationExample(claims)) return undefined;
  if (claims?.role === 'service_role') {
    return {
      start,
      end,
      ruleId: 'supabase-service-role-key',
      title: 'Supabase service role key',
      severity: 'error',
      confidence: 'high',
      checked: true,
    };
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
    let doneUntil = -1;
    for (const hit of hits) {
      if (hit < doneUntil || (hit > 0 && tokenChar.test(ctx.text[hit - 1])) || !ctx.text.startsWith('eyJ', hit)) continue;
      jwtRe.lastIndex = hit;
      const m = jwtRe.exec(ctx.text);
      if (!m) continue;
      doneUntil = hit + m[1].length;
      const found = judge(m[1], hit);
      if (found) out.push(found);
    }
    return out;
  },
};
