import type { Detector, RawMatch, ScanContext } from '../Detector';
import { matchDefaultCredential } from '../defaultCredentials';
import { isPlaceholder, isPlaceholderToken } from '../isPlaceholder';
import { classifyKey } from '../secretKey';
import { shannonEntropy } from '../shannonEntropy';

/** Keys of a Secret's `data:` that name where or who, not a secret (the basic-auth type's `username`, a TLS certificate). */
const notSecretKey =
  /^(?:user(?:name)?|login|email|host(?:name)?|server|port|database|db(?:name)?|name|namespace|region|project|ca\.crt|tls\.crt|ca\.pem|cert(?:ificate)?(?:\.pem|\.crt)?|.*\.crt)$/i;
// The comment is `#[^]*`, not `#.*`: `.` stops at U+2028, so a value of `a#a#a#…` before one
// retried the comment at every `#` (quadratic: 60 KB took 2 s).
const entryRe =
  /^([ \t]+)(?:["']?)([A-Za-z0-9._-]{1,253})["']?[ \t]*:[ \t]*(["']?)([A-Za-z0-9+/=._~:@!#%&*^?,-]{1,65536})\3[ \t]*(?:#[^]*)?$/d;
const base64Re = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** A decoded value worth reporting: not empty, not a stand-in, not a single word repeated. */
function judgeValue(
  key: string,
  value: string,
): Pick<RawMatch, 'ruleId' | 'kind' | 'title' | 'severity' | 'confidence'> | 'skip' | undefined {
  if (notSecretKey.test(key)) return 'skip';
  const byDefault = matchDefaultCredential(key, value);
  if (byDefault) return { ruleId: byDefault.id, kind: 'default-credential', title: byDefault.title, severity: 'info', confidence: 'high' };
  // Every value of a Secret is meant to be secret: only a stand-in with no digit (`your-password-here`)
  // is taken for a placeholder, not a made-up-looking `s3cr3t-pr0d-pass`.
  if (value.length < 6 || isPlaceholderToken(value) || (isPlaceholder(value) && !/[0-9]/.test(value)) || shannonEntropy(value) < 2.5)
    return 'skip';
  // Under a key that does not name a secret (`SECRET_NAME`, `config`), only a random-looking value counts.
  if (
    classifyKey(key) === undefined &&
    !(value.length >= 12 && shannonEntropy(value) >= 3.5 && /[0-9]/.test(value) && /[A-Za-z]/.test(value))
  )
    return 'skip';
  return undefined;
}

function documentEnd(text: string, from: number): number {
  const next = text.indexOf('\n---', from);
  return next === -1 ? text.length : next;
}

function documentStart(text: string, from: number): number {
  const prev = text.lastIndexOf('\n---', from);
  return prev === -1 ? 0 : prev + 1;
}

/** The Secret's `metadata.name`, for the title. */
function secretName(doc: string): string | undefined {
  return /^metadata:[ \t]*\r?\n(?:[ \t]+.*\r?\n){0,20}?[ \t]+name:[ \t]*["']?([A-Za-z0-9._-]{1,253})/m.exec(doc)?.[1];
}

/** The `data:` / `stringData:` entries of one Secret document (top-level YAML). */
function scanDocument(ctx: ScanContext, start: number, end: number, out: RawMatch[]): void {
  const doc = ctx.text.slice(start, end);
  const name = secretName(doc);
  let section: 'data' | 'stringData' | undefined;
  let offset = start;
  for (const raw of doc.split('\n')) {
    const lineStart = offset;
    offset += raw.length + 1;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    if (!/^[ \t]/.test(line)) {
      section = /^data:[ \t]*$/.test(line) ? 'data' : /^stringData:[ \t]*$/.test(line) ? 'stringData' : undefined;
      continue;
    }
    if (!section) continue;
    const m = entryRe.exec(line);
    const span = m?.indices?.[4];
    if (!m || !span) continue;
    const [, , key, , value] = m;
    let plain = value;
    if (section === 'data') {
      if (!base64Re.test(value)) continue;
      plain = Buffer.from(value, 'base64').toString('utf8');
      if (/[\x00-\x08\x0e-\x1f]/.test(plain) && value.length >= 16) plain = value; // binary key material: judge the base64
    }
    const verdict = judgeValue(key, plain.trim());
    if (verdict === 'skip') continue;
    const title = `Kubernetes Secret value: ${key}${name ? ` of ${name}` : ''}`;
    out.push({
      start: lineStart + span[0],
      end: lineStart + span[1],
      title,
      confidence: shannonEntropy(plain) >= 3 ? 'high' : 'medium',
      checked: true,
      ...verdict,
    });
  }
}

/**
 * Values of a Kubernetes `Secret` manifest (kubernetes.io/docs/concepts/configuration/secret):
 * `data:` holds base64-encoded values (encoding, not encryption), `stringData:` plain ones. Each
 * value is decoded and judged: empty, placeholder and low-entropy values, usernames, hosts and
 * certificates are not findings; well-known defaults are default credentials. Templated values
 * (`{{ .Values.password | b64enc }}`) are not literals and are skipped.
 */
export const kubernetesSecretDetector: Detector = {
  id: 'kubernetes-secret-data',
  kind: 'provider-token',
  title: 'Kubernetes Secret value',
  severity: 'error',
  confidence: 'high',
  keywords: ['kind: secret', 'kind: "secret"', "kind: 'secret'"],
  find(ctx: ScanContext, hits: readonly number[]): RawMatch[] {
    const out: RawMatch[] = [];
    let done = -1;
    for (const hit of hits) {
      // Top level only (`kind:` at the start of a line), and exactly `Secret` (not `SecretProviderClass`).
      if (
        hit < done ||
        (hit > 0 && ctx.text[hit - 1] !== '\n') ||
        !/^kind:[ \t]*["']?Secret["']?[ \t]*(?:#.*)?\r?$/m.test(
          ctx.text.slice(hit, ctx.text.indexOf('\n', hit) === -1 ? undefined : ctx.text.indexOf('\n', hit)),
        )
      )
        continue;
      const start = documentStart(ctx.text, hit);
      const end = documentEnd(ctx.text, hit);
      done = end;
      scanDocument(ctx, start, end, out);
    }
    return out;
  },
};
