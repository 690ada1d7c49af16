import { hasAllowComment } from './allowComments';
import type { Detector, RawMatch, ScanContext } from './Detector';
import { allDetectors } from './detectors/allDetectors';
import { fileKindOf, isLockFile } from './fileKind';
import { fingerprint } from './fingerprint';
import { isPlaceholderToken } from './isPlaceholder';
import { KeywordIndex } from './KeywordIndex';
import { LineIndex } from './LineIndex';
import { maskSecret } from './maskSecret';
import { meetsConfidence, type ScanOptions, type SecretFinding, type SecretKind } from './SecretFinding';

/** When two findings overlap, the more specific kind wins. */
const specificity: Record<SecretKind, number> = {
  'private-key': 5,
  'provider-token': 4,
  jwt: 3,
  'default-credential': 2,
  'url-credentials': 1,
  'generic-assignment': 0,
};

interface Candidate {
  match: RawMatch;
  detector: Detector;
  kind: SecretKind;
}

let keywordIndex: KeywordIndex | undefined;

function index(): KeywordIndex {
  return (keywordIndex ??= new KeywordIndex(allDetectors.map((d) => d.keywords)));
}

/**
 * The keyword prefilter over a file's ASCII bytes before it is decoded (see KeywordIndex.findBytes):
 * `undefined` when no detector's keyword occurs, so the file cannot hold a finding; else the hits
 * to hand to `scanText` with the file's text.
 */
export function keywordHitsInBytes(bytes: Uint8Array, n: number): KeywordHits | undefined {
  const hits = index().findBytes(bytes, n);
  return hits.some((h) => h.length > 0) ? hits : undefined;
}

/** Per detector, where its keywords occur (from `keywordHitsInBytes`). */
export type KeywordHits = readonly (readonly number[])[];

function runDetectors(ctx: ScanContext, ignore: ReadonlySet<string>, known: KeywordHits | undefined): Candidate[] {
  const found = known ?? index().find(ctx.text);
  const out: Candidate[] = [];
  for (let d = 0; d < allDetectors.length; d++) {
    const detector = allDetectors[d];
    const hits = found[d];
    if (hits.length === 0 || (ignore.has(detector.id) && !detector.extraRules)) continue;
    for (const match of detector.find(ctx, hits)) {
      if (match.end <= match.start) continue;
      out.push({ match, detector, kind: match.kind ?? detector.kind });
    }
  }
  return out;
}

/** Keep, among overlapping candidates, the most specific (then the earliest detector). */
function dropOverlaps(candidates: Candidate[]): Candidate[] {
  const sorted = candidates.slice().sort((a, b) => a.match.start - b.match.start || specificity[b.kind] - specificity[a.kind]);
  const kept: Candidate[] = [];
  for (const c of sorted) {
    // Sorted by start, so only recent keepers can overlap; look back a bounded distance.
    let clash = -1;
    for (let i = kept.length - 1; i >= 0 && i >= kept.length - 16; i--) {
      if (c.match.start < kept[i].match.end && kept[i].match.start < c.match.end) clash = i;
    }
    if (clash === -1) kept.push(c);
    else if (specificity[c.kind] > specificity[kept[clash].kind]) kept[clash] = c;
  }
  return kept;
}

/**
 * Whether `offset` lies inside a SOPS-encrypted value, `ENC[AES256_GCM,data:…,iv:…,tag:…,type:str]`
 * (getsops/sops): ciphertext is safe to commit, and its base64 can look like anything.
 */
function insideEncryptedValue(text: string, offset: number): boolean {
  const open = text.lastIndexOf('ENC[', offset);
  if (open === -1 || offset - open > 64 * 1024) return false;
  const close = text.indexOf(']', open);
  return (
    (close === -1 || close >= offset) &&
    !text.slice(open, offset).includes('\n') &&
    /^ENC\[(?:AES256_GCM|[A-Z0-9_]{3,20}),/.test(text.slice(open, open + 32))
  );
}

/**
 * Find hardcoded secrets in one file's text. Pure and synchronous: `path` (relative to the
 * workspace) is used for the file kind and the fingerprint only. Binary text and lock files yield nothing.
 * `hits`: the keyword prefilter's result over the same text, when the caller ran it on the bytes.
 */
export function scanText(path: string, text: string, opts: ScanOptions = {}, hits?: KeywordHits): SecretFinding[] {
  if (text.length === 0 || text.includes('\0') || isLockFile(path)) return [];
  // Line starts are found only when a detector or a finding needs them: most files' keyword hits
  // fail the detectors' quick checks without asking for a line.
  let lineIndex: LineIndex | undefined;
  const ctx: ScanContext = {
    text,
    path,
    fileKind: fileKindOf(path),
    get lines() {
      return (lineIndex ??= new LineIndex(text));
    },
  };
  const ignore = new Set(opts.ignoreRules ?? []);
  const findings: SecretFinding[] = [];
  const encrypted = text.includes('ENC[');
  const allowChecked = new Map<number, boolean>();
  for (const { match, detector, kind } of dropOverlaps(runDetectors(ctx, ignore, hits))) {
    if (encrypted && insideEncryptedValue(text, match.start)) continue;
    const { lines } = ctx;
    const ruleId = match.ruleId ?? detector.id;
    const confidence = match.confidence ?? detector.confidence;
    if (ignore.has(ruleId) || !meetsConfidence(confidence, opts.minConfidence)) continue;
    const value = text.slice(match.start, match.end);
    if (!match.checked && isPlaceholderToken(value)) continue;
    const start = lines.position(match.start);
    if (hasAllowComment(lines, start.line - 1, allowChecked)) continue;
    const print = fingerprint(ruleId, path, value);
    if (opts.baseline?.has(print)) continue;
    const end = lines.position(match.end);
    findings.push({
      ruleId,
      kind,
      title: match.title ?? detector.title,
      severity: match.severity ?? detector.severity,
      confidence,
      file: path,
      range: { line: start.line, column: start.column, endLine: end.line, endColumn: end.column },
      masked: maskSecret(value),
      fingerprint: print,
    });
  }
  return findings;
}
