import type { Detector, RawMatch, ScanContext } from '../Detector';

const labelRe = /^-----BEGIN ([A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?)-----/;

function titleFor(label: string): string {
  if (label.startsWith('OPENSSH')) return 'OpenSSH private key';
  if (label.startsWith('PGP')) return 'PGP private key block';
  if (label.startsWith('RSA')) return 'RSA private key';
  if (label.startsWith('EC')) return 'EC private key';
  if (label.startsWith('DSA')) return 'DSA private key';
  if (label.startsWith('ENCRYPTED')) return 'Encrypted private key';
  return 'Private key';
}

/** Body between the markers, without whitespace, literal `\n` escapes, quotes or headers. */
function keyMaterial(body: string): string {
  return body.replace(/^[A-Za-z-]+: [^\n]*$/gm, '').replace(/\\n|\\r|["'+,\s]/g, '');
}

/** PEM, OpenSSH and PGP private key blocks, also inside JSON strings; the range is the whole block. */
export const privateKeyDetector: Detector = {
  id: 'private-key',
  kind: 'private-key',
  title: 'Private key',
  severity: 'error',
  confidence: 'high',
  keywords: ['private key'],
  extraRules: [{ id: 'google-service-account-key', kind: 'private-key', title: 'Google service account private key', severity: 'error' }],
  find(ctx: ScanContext, _hits: readonly number[]): RawMatch[] {
    const out: RawMatch[] = [];
    const { text } = ctx;
    const serviceAccount = text.includes('"service_account"') || text.includes('"client_email"');
    // The next END marker is found once and reused, so many BEGINs without ENDs stay linear.
    let nextEnd = -2;
    for (let at = text.indexOf('-----BEGIN '); at !== -1; at = text.indexOf('-----BEGIN ', at + 11)) {
      if (nextEnd !== -1 && nextEnd < at) nextEnd = text.indexOf('-----END ', at);
      if (nextEnd === -1) break;
      // A key block is a few KB at most; an END marker far away belongs to something else. A block
      // ends before the next BEGIN: without that bound each of many BEGINs read up to the same END.
      if (nextEnd - at > 64 * 1024) continue;
      const nextBegin = text.indexOf('-----BEGIN ', at + 11);
      if (nextBegin !== -1 && nextBegin < nextEnd) continue;
      const label = labelRe.exec(text.slice(at, at + 80))?.[1];
      if (!label) continue;
      const endMarker = `-----END ${label}-----`;
      if (!text.startsWith(endMarker, nextEnd)) continue;
      const endAt = nextEnd;
      const material = keyMaterial(text.slice(at + label.length + 16, endAt));
      if (material.length < 40 || /\.\.\.|…|x{6}|X{6}|<|>/.test(material)) continue;
      const end = endAt + endMarker.length;
      const line = ctx.lines.lineText(ctx.lines.lineOf(at));
      if (serviceAccount && /"private_key"\s*:/.test(line)) {
        out.push({ start: at, end, ruleId: 'google-service-account-key', title: 'Google service account private key', checked: true });
      } else {
        out.push({ start: at, end, title: titleFor(label), checked: true });
      }
      at = end - 11;
    }
    return out;
  },
};
