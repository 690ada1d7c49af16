import type { Detector, RawMatch, ScanContext } from '../Detector';

const base64Char = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=') base64Char[c.charCodeAt(0)] = 1;
const isBase64 = (text: string, i: number): boolean => base64Char[text.charCodeAt(i)] === 1;

/**
 * A PEM private key encoded once more in base64 (kubeconfig `client-key-data`, a Secret's
 * `tls.key`, CI variables): `LS0tLS1CRUdJTi` is base64 of `-----BEGIN`; the decoded start must
 * name a private key (a certificate's `client-certificate-data` is public). Each base64 run is
 * read once, from its first character: hits inside a run already read are skipped.
 */
const base64Pem: Detector = {
  id: 'private-key-base64',
  kind: 'private-key',
  title: 'Private key (base64-encoded PEM)',
  severity: 'error',
  confidence: 'high',
  keywords: ['ls0tls1crudjti'],
  find(ctx: ScanContext, hits: readonly number[]): RawMatch[] {
    const out: RawMatch[] = [];
    const { text } = ctx;
    let doneUntil = -1;
    for (const hit of hits) {
      if (hit < doneUntil || (hit > 0 && isBase64(text, hit - 1)) || !text.startsWith('LS0tLS1CRUdJTi', hit)) continue;
      let end = hit;
      while (end < text.length && isBase64(text, end)) end++;
      doneUntil = end;
      if (end - hit < 74 || end - hit > 16000) continue;
      const head = Buffer.from(text.slice(hit, hit + 120), 'base64').toString('latin1');
      if (/^-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/.test(head)) out.push({ start: hit, end, checked: true });
    }
    return out;
  },
};

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
