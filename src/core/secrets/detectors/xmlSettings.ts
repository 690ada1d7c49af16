import type { Detector, RawMatch, ScanContext } from '../Detector';
import { classifyKey } from '../secretKey';
import { segmentsAround } from '../segments';
import { judgeAssignment } from './genericAssignment';

// <add key="SmtpPassword" value="…" /> (.NET appSettings) and <password>…</password> (Maven settings.xml, Ant, NuGet.Config).
const addRe = /<add[ \t]{1,8}key[ \t]{0,4}=[ \t]{0,4}"([A-Za-z0-9_.:-]{1,64})"[ \t]{1,8}value[ \t]{0,4}=[ \t]{0,4}"([^"<>\r\n]{1,400})"/dg;
const elementRe = /<([A-Za-z][A-Za-z0-9_.-]{0,63})>([^<>\r\n]{1,400})<\/\1>/dg;

function push(ctx: ScanContext, key: string, value: string, start: number, out: RawMatch[]): void {
  if (!classifyKey(key)) return;
  const found = judgeAssignment(ctx, key, value, start, true);
  if (found)
    out.push(
      found.kind === 'default-credential' ? found : { ...found, ruleId: 'xml-secret-setting', title: `Hardcoded secret in XML: ${key}` },
    );
}

/**
 * Secrets in XML settings, where the key is an attribute or an element name rather than `key =`:
 * `.NET` `<add key="ApiSecret" value="…"/>`, Maven's `<server><password>…</password>`,
 * `<apiToken>…</apiToken>`. The value gets the generic rule's verdict (placeholders,
 * `${env.X}` references, entropy).
 */
export const xmlSettingsDetector: Detector = {
  id: 'xml-secret-setting',
  kind: 'generic-assignment',
  title: 'Hardcoded secret in XML',
  severity: 'warning',
  confidence: 'medium',
  keywords: ['<add key=', 'password>', 'passphrase>', 'secret>', 'token>', 'apikey>'],
  find(ctx: ScanContext, hits: readonly number[]): RawMatch[] {
    const out: RawMatch[] = [];
    // An element name ends at the hit (`<password>`, `<keyPassword>`, `</token>`): a `<` a few name characters back.
    const near = hits.filter(
      (h) => ctx.text.startsWith('<add', h) || /<\/?[A-Za-z0-9_.-]{0,48}$/.test(ctx.text.slice(Math.max(0, h - 50), h)),
    );
    if (near.length === 0) return out;
    for (const seg of segmentsAround(ctx.lines, near)) {
      const text = ctx.text.slice(seg.start, seg.end);
      for (const re of [addRe, elementRe]) {
        re.lastIndex = 0;
        for (let m = re.exec(text); m; m = re.exec(text)) {
          const span = m.indices?.[2];
          if (span) push(ctx, m[1], m[2], seg.start + span[0], out);
        }
      }
    }
    return out;
  },
};
