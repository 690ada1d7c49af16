import type { Detector, RawMatch, ScanContext } from '../Detector';
import { token } from './define';

/**
 * A PEM private key encoded once more in base64 (kubeconfig `client-key-data`, a Secret's
 * `tls.key`, CI variables): `LS0tLS1CRUdJTi` is base64 of `-----BEGIN`; the decoded start must
 * name a private key (a certificate's `client-certificate-data` is public).
 */
const base64Pem = token(
  'private-key-base64',
  'Private key (base64-encoded PEM)',
  ['ls0tls1crudjti'],
  `(?<![A-Za-z0-9+/])(LS0tLS1CRUdJTi[A-Za-z0-9+/]{60,16000}={0,2})(?![A-Za-z0-9+/=])`,
  {
    kind: 'private-key',
    validate: (v) =>
      /^-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/.test(Buffer.from(v.slice(0, 120), 'base64').toString('latin1')),
  },
);

/** PuTTY's `.ppk` private keys: the lines after `Private-Lines: N` (encrypted or not, like a PEM key). */
const puttyKey: Detector = {
  id: 'putty-private-key',
  kind: 'private-key',
  title: 'PuTTY private key',
  severity: 'error',
  confidence: 'high',
  keywords: ['private-lines:'],
  find(ctx: ScanContext, hits: readonly number[]): RawMatch[] {
    const out: RawMatch[] = [];
    if (!/^PuTTY-User-Key-File-\d:/m.test(ctx.text.slice(0, 4096))) return out;
    const { lines } = ctx;
    for (const hit of hits) {
      const line = lines.lineOf(hit);
      const n = Number(/^Private-Lines:[ \t]*(\d{1,3})[ \t]*$/.exec(lines.lineText(line))?.[1] ?? 0);
      if (n === 0 || line + n >= lines.lineCount) continue;
      const start = lines.lineStart(line + 1);
      const end = lines.lineEnd(line + n);
      if (end - start >= 40) out.push({ start, end, checked: true });
    }
    return out;
  },
};

/** A JSON Web Key's private part: `"d"` of an RSA, EC or OKP key (RFC 7517/7518); public JWKs have none. */
const jwkPrivate: Detector = {
  id: 'jwk-private-key',
  kind: 'private-key',
  title: 'Private JSON Web Key',
  severity: 'error',
  confidence: 'high',
  keywords: ['"d"'],
  find(ctx: ScanContext, hits: readonly number[]): RawMatch[] {
    const out: RawMatch[] = [];
    if (!ctx.text.includes('"kty"')) return out;
    const re = /"d"[ \t]{0,4}:[ \t]{0,4}"([A-Za-z0-9_-]{32,1200})"/y;
    for (const hit of hits) {
      re.lastIndex = hit;
      const m = re.exec(ctx.text);
      if (m) out.push({ start: hit + m[0].indexOf(m[1]), end: hit + m[0].indexOf(m[1]) + m[1].length, checked: true });
    }
    return out;
  },
};

export const encodedKeyDetectors: Detector[] = [base64Pem, puttyKey, jwkPrivate];
