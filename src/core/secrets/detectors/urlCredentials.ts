import type { Detector, RawMatch, ScanContext } from '../Detector';
import { matchDefaultUrlCredential } from '../defaultCredentials';
import { isPlaceholder } from '../isPlaceholder';
import { segmentsAround } from '../segments';

// scheme://user:password@host — each part excludes the separators that end it, so matching is linear.
const urlRe = /(?<![A-Za-z0-9+.-])([a-z][a-z0-9+.-]{1,20}):\/\/([^\s:/@"'`<>]{0,64}):([^\s/@"'`<>]{1,128})@(?=[A-Za-z0-9[_])/dgi;
const localHost = /^(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]|host\.docker\.internal)(?:[:/]|$)/i;
const notPassword = /^(?:pass|pwd|pw|user|[%{$].*)$|\\/i;
/** Documentation hosts (RFC 2606 and friends): credentials there are examples. */
const docHost = /^(?:[a-z0-9-]+\.)*(?:example\.(?:com|org|net)|[a-z0-9-]+\.(?:example|test|invalid|localhost))(?![a-z0-9.-])/i;

function judge(ctx: ScanContext, m: RegExpExecArray, base: number): RawMatch | undefined {
  const indices = m.indices?.[3];
  if (!indices) return undefined;
  const start = base + indices[0];
  const end = base + indices[1];
  const [, , user, password] = m;
  const byDefault = matchDefaultUrlCredential(user, password);
  if (byDefault) {
    return {
      start,
      end,
      ruleId: byDefault.id,
      kind: 'default-credential',
      title: byDefault.title,
      severity: 'info',
      confidence: 'high',
      checked: true,
    };
  }
  if (isPlaceholder(password) || notPassword.test(password) || password.length < 3) return undefined;
  if (docHost.test(ctx.text.slice(end + 1, end + 80))) return undefined;
  // Credentials for a service on this machine are a lesser risk than a remote one.
  const local = localHost.test(ctx.text.slice(end + 1, end + 40));
  return { start, end, severity: local ? 'warning' : 'error', confidence: local ? 'medium' : 'high', checked: true };
}

/**
 * Whether a `://` at `hit` can be followed by `user:password@`: an `@` before the first character
 * that ends a URL's userinfo, within the longest user and password `urlRe` takes. Most URLs have
 * no credentials and their lines need no regex.
 */
function userinfoAfter(text: string, hit: number): boolean {
  const end = Math.min(text.length, hit + 3 + 64 + 1 + 128 + 1);
  for (let i = hit + 3; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 64) return true; // @
    if (c <= 32 || c === 34 || c === 39 || c === 96 || c === 60 || c === 62) return false; // blank " ' ` < >
  }
  return false;
}

/** Passwords written inline in URLs (`postgres://user:pass@host`, `redis://:pass@host`); the range is the password only. */
export const urlCredentialsDetector: Detector = {
  id: 'url-credentials',
  kind: 'url-credentials',
  title: 'Password in URL',
  severity: 'error',
  confidence: 'high',
  keywords: ['://'],
  find(ctx: ScanContext, hits: readonly number[]): RawMatch[] {
    const out: RawMatch[] = [];
    const near = hits.filter((h) => userinfoAfter(ctx.text, h));
    if (near.length === 0) return out; // (ctx.lines finds every line start of the file)
    for (const seg of segmentsAround(ctx.lines, near)) {
      const text = ctx.text.slice(seg.start, seg.end);
      urlRe.lastIndex = 0;
      for (let m = urlRe.exec(text); m; m = urlRe.exec(text)) {
        const found = judge(ctx, m, seg.start);
        if (found) out.push(found);
      }
    }
    return out;
  },
};
