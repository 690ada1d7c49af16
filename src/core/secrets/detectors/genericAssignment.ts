import type { Detector, FileKind, RawMatch, RuleMeta, ScanContext } from '../Detector';
import { composeServiceAt } from '../composeService';
import { defaultCredentialRules, matchDefaultCredential } from '../defaultCredentials';
import { hasValidGithubChecksum } from '../githubChecksum';
import { isBase64OfPlaceholderText, isKnownNonSecret, isPlaceholder, isUuid } from '../isPlaceholder';
import { classifyKey, keyWords } from '../secretKey';
import { shannonEntropy } from '../shannonEntropy';

/** Lines longer than this (minified bundles, data) are skipped by the generic rules. */
export const maxGenericLine = 4096;

// key, optional closing quote, separator, then a quoted or bare value. Bounded and linear per start.
// A value quoted inside a JSON string (`\"…\"`: a notebook's source lines, code embedded in JSON) counts as quoted.
const assignRe =
  /(?<![A-Za-z0-9_.-])([A-Za-z_][A-Za-z0-9_.-]{0,63})\\?["']?[ \t]{0,8}(?::=|=>|=|:)[ \t]{0,8}(?:(?:[bBrRuU]{1,2}(?=["'])|\[\]byte\()?(["'`])([^"'`\r\n]{1,400})\2|\\"([^"\\\r\n]{1,400})\\"|([^\s"'`,;#\\][^\s"'`,;]{0,399}))/dg;
const dockerEnvRe = /^[ \t]*ENV[ \t]{1,8}([A-Za-z_][A-Za-z0-9_]{0,63})[ \t]{1,8}([^\s=]{1,400})[ \t]*$/d;

const rules: RuleMeta[] = [
  { id: 'generic-password', kind: 'generic-assignment', title: 'Hardcoded password', severity: 'warning' },
  { id: 'generic-secret', kind: 'generic-assignment', title: 'Hardcoded secret', severity: 'warning' },
  { id: 'compose-literal-password', kind: 'generic-assignment', title: 'Literal password in compose environment', severity: 'warning' },
  { id: 'hex-secret', kind: 'generic-assignment', title: 'Hex secret under a secret-named key', severity: 'error' },
  ...defaultCredentialRules,
];

function allowsBareValues(kind: FileKind): boolean {
  return kind !== 'code';
}

const labelWords = /^(?:password|passwd|passphrase|pass|secret|secrets|token|tokens|auth|credential|credentials|key|apikey)$/;
const fileName = /\.(?:[cm]?[jt]sx?|json|ya?ml|pem|key|crt|cer|p12|pfx|txt|sh|py|rb|go|env|ini|cfg|conf|toml|xml|html?)$/i;

/**
 * Values that are code or names, not secrets: calls, template interpolation, file names,
 * non-ASCII text, and labels that repeat their key's word (`PASSWORD_TOO_WEAK = "passwordTooWeak"`,
 * `ACQUIRE_TOKEN_START: "msal:acquireTokenStart"`).
 */
function looksLikeCodeOrLabel(key: string, value: string, quoted: boolean): boolean {
  if ((!quoted && value.includes('(')) || /\$\{|\\[ux]/.test(value) || fileName.test(value) || /[^\x20-\x7e]/.test(value)) return true;
  const v = value.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (keyWords(key).some((w) => labelWords.test(w) && v.includes(w))) return true;
  // camelCase/PascalCase identifiers made of words: `FlowAuthMethodRegistrationRequiredResultV2`.
  if (/^[\^~<>=]{0,2}v?\d+\.\d+/.test(value)) return true;
  return /^[a-z]+(?:[A-Z][a-z]+)+[A-Z0-9]{0,3}$|^(?:[A-Z][a-z]+){3,}[A-Z0-9]{0,3}$/.test(value);
}

/** `Literal password in compose environment: REDIS_PASSWORD of service cache` (the variable and where it is). */
function composeTitle(ctx: ScanContext, key: string, start: number): string {
  const service = composeServiceAt(ctx.lines, ctx.lines.lineOf(start));
  return service === undefined
    ? `Literal password in compose file: ${key}`
    : `Literal password in compose environment: ${key} of service ${service}`;
}

/** ` (POSTGRES_PASSWORD of service db)` for a default credential in a compose service's environment. */
function serviceNote(ctx: ScanContext, key: string, start: number): string {
  const service = composeServiceAt(ctx.lines, ctx.lines.lineOf(start));
  return service === undefined ? '' : ` (${key} of service ${service})`;
}

const hexSecret = /^(?:[0-9a-f]{32,512}|[0-9A-F]{32,512})$/;

/** Random hex uses most of its 16 digits and has both letters and digits (not `deadbeef…`, not a long number). */
function hexLooksRandom(value: string): boolean {
  return new Set(value.toLowerCase()).size >= 10 && /[a-f]/i.test(value) && /[0-9]/.test(value) && shannonEntropy(value) >= 3.2;
}

/**
 * Several providers' credentials are UUIDs (Heroku and Snyk API keys, Postmark tokens, a .netrc
 * password), so under a key naming a password, a token or an API key a UUID counts; under other
 * secret-ish keys (`secret`, `client_secret`) it is more often an id.
 */
function uuidIsCredential(key: string, keyKind: 'password' | 'secret'): boolean {
  const words = keyWords(key);
  const last = words[words.length - 1];
  return (
    keyKind === 'password' ||
    last === 'token' ||
    last === 'pat' ||
    last === 'apikey' ||
    (last === 'key' && words[words.length - 2] === 'api')
  );
}

/** A plain `generic-password` / `generic-secret` verdict, which a rule for another syntax may rename (not hex, defaults, compose). */
export function isGenericRule(ruleId: string | undefined): boolean {
  return ruleId === 'generic-password' || ruleId === 'generic-secret';
}

/**
 * The generic verdict on `key = value` (value at `start`): placeholders, references, code, entropy,
 * default credentials, documentation. Shared by the rules that find a password by other syntax
 * (connection strings, SQL, command lines, .netrc, XML settings).
 */
export function judgeAssignment(ctx: ScanContext, key: string, value: string, start: number, quoted: boolean): RawMatch | undefined {
  return judge(ctx, key, value, start, quoted);
}

function judge(ctx: ScanContext, key: string, value: string, start: number, quoted: boolean): RawMatch | undefined {
  const found = judgeValue(ctx, key, value, start, quoted);
  // Documentation shows made-up credentials far more often than leaked ones.
  if (found && ctx.fileKind === 'docs' && found.kind === undefined) found.confidence = 'low';
  return found;
}

function judgeValue(ctx: ScanContext, key: string, value: string, start: number, quoted: boolean): RawMatch | undefined {
  const keyKind = classifyKey(key);
  if (!keyKind) return undefined;
  const end = start + value.length;
  const code = ctx.fileKind === 'code';
  if (keyKind === 'password') {
    const byDefault = matchDefaultCredential(key, value);
    // In code, `PASSWORD: "password"` is an enum label far more often than a credential.
    if (byDefault && !(code && byDefault.id === 'default-weak-password')) {
      const title = ctx.fileKind === 'compose' ? `${byDefault.title}${serviceNote(ctx, key, start)}` : byDefault.title;
      return { start, end, ruleId: byDefault.id, kind: 'default-credential', title, severity: 'info', confidence: 'high', checked: true };
    }
  }
  if (isPlaceholder(value)) return undefined;
  // 32/40/64+ hex digits are a digest or a commit under most keys, but under `app_secret`,
  // `SECRET_KEY_BASE` or `api_key` they are the secret itself (Rails, Django, Flask, Datadog…).
  if (hexSecret.test(value) && hexLooksRandom(value))
    return {
      start,
      end,
      ruleId: 'hex-secret',
      title: 'Hex secret under a secret-named key',
      severity: 'error',
      confidence: 'high',
      checked: true,
    };
  if (
    (isKnownNonSecret(value) && !(isUuid(value) && uuidIsCredential(key, keyKind))) ||
    isBase64OfPlaceholderText(value) ||
    looksLikeCodeOrLabel(key, value, quoted)
  )
    return undefined;
  // A GitHub-shaped token whose checksum fails was made up: the checksum exists to tell.
  if (/^gh[pousr]_[A-Za-z0-9]{36}$/.test(value) && !hasValidGithubChecksum(value)) return undefined;
  if (/^(?:true|false|yes|no|on|off|null|nil|none)$/i.test(value) || /^[\d.,:_-]+$/.test(value)) return undefined;
  if (/^(?:\.{0,2}\/|~\/|[a-z][a-z0-9+.-]*:\/\/)|^!|\s/.test(value)) return undefined;
  const entropy = shannonEntropy(value);
  if (keyKind === 'password') {
    if (value.length < 6 || entropy < 2) return undefined;
    // A lone lowercase word in code (`password: 'nodejsrules'`) is usually documentation.
    if (code && /^[a-z]+$/.test(value))
      return { start, end, ruleId: 'generic-password', title: 'Hardcoded password', confidence: 'low', checked: true };
    if (ctx.fileKind === 'compose')
      return { start, end, ruleId: 'compose-literal-password', title: composeTitle(ctx, key, start), confidence: 'medium', checked: true };
    return {
      start,
      end,
      ruleId: 'generic-password',
      title: 'Hardcoded password',
      confidence: value.length >= 12 && entropy >= 3.5 ? 'high' : 'medium',
      checked: true,
    };
  }
  // Identifiers and dotted names (`SECRET_KEY = settings.base_key`) are code, not values.
  if (value.length < 12 || entropy < 3 || /^[A-Za-z_][A-Za-z_.]*$/.test(value)) return undefined;
  if (!/[0-9]/.test(value) && !/[^A-Za-z0-9]/.test(value) && entropy < 3.8) return undefined;
  const confidence = value.length >= 20 && entropy >= 4 ? 'high' : entropy >= 3.5 ? 'medium' : 'low';
  return { start, end, ruleId: 'generic-secret', confidence, checked: true };
}

/** `key: |` / `key: >-` followed by a single more indented line: judge that line's text under `key`. */
function blockScalar(ctx: ScanContext, line: number, key: string, out: RawMatch[]): void {
  const { lines } = ctx;
  if (line + 1 >= lines.lineCount || !classifyKey(key)) return;
  const indent = /^[ \t]*/.exec(lines.lineText(line))?.[0].length ?? 0;
  const next = /^([ \t]*)(\S{1,400})[ \t]*$/.exec(lines.lineText(line + 1));
  if (!next || next[1].length <= indent) return;
  const after = lines.lineText(line + 2);
  if (line + 2 < lines.lineCount && /^[ \t]*\S/.test(after) && (/^[ \t]*/.exec(after)?.[0].length ?? 0) > indent) return; // several lines: a certificate, a script
  const found = judge(ctx, key, next[2], lines.lineStart(line + 1) + next[1].length, true);
  if (found) out.push(found);
}

/** `const API_KEY: &str = "…"`, `val token: String = "…"`, `const key: string = '…'`: a typed declaration. */
const typedRe = /:[ \t]{0,4}&?(?:'static[ \t]{1,4})?[A-Za-z_][A-Za-z0-9_<>:?]{0,30}[ \t]{0,4}=[ \t]{0,4}(["'`])([^"'`\r\n]{1,400})\1/dg;
/** The identifier ending at `end` (before blanks), for a typed declaration found from its `:`. */
const keyBefore = /([A-Za-z_][A-Za-z0-9_]{0,63})[ \t]{0,4}$/;

function scanLine(ctx: ScanContext, line: number, out: RawMatch[]): void {
  const lineStart = ctx.lines.lineStart(line);
  if (ctx.lines.lineEnd(line) - lineStart > maxGenericLine) return;
  const text = ctx.lines.lineText(line);
  const bare = allowsBareValues(ctx.fileKind);
  assignRe.lastIndex = 0;
  for (let m = assignRe.exec(text); m; m = assignRe.exec(text)) {
    const group = m[3] !== undefined ? 3 : m[4] !== undefined ? 4 : 5;
    const quoted = group !== 5;
    const span = m.indices?.[group];
    if (!span) continue;
    // A bare call may hold the next assignment: `c = Client(api_key="…")`; look on inside it.
    const call = quoted ? -1 : m[5].indexOf('(');
    if (call !== -1) assignRe.lastIndex = span[0] + call + 1;
    if (!quoted && !bare) continue;
    // In a script of no known kind, `$password = Get-Secret -Name db` runs a command: a bare word
    // followed by more words is not a literal.
    if (!quoted && ctx.fileKind === 'other' && /^[ \t]+[^\s#]/.test(text.slice(span[1]))) continue;
    // A YAML block scalar (`password: >-` / `|`): the value is the next, more indented line.
    if (!quoted && /^[|>][-+]?$/.test(m[5]) && ctx.fileKind !== 'code') {
      blockScalar(ctx, line, m[1], out);
      continue;
    }
    let value = quoted ? m[group] : m[5].replace(/[)\]}]+$/, '');
    let start = lineStart + span[0];
    // `${DB_PASSWORD:-s3cret}`: the default after `:-` or `-` is the literal.
    if (!quoted && text[m.index - 1] === '{' && text[m.index - 2] === '$' && value.startsWith('-')) {
      value = value.slice(1);
      start++;
    }
    const found = judge(ctx, m[1], value, start, quoted);
    if (found) {
      out.push(found);
      if (call !== -1) assignRe.lastIndex = span[1];
    }
  }
  if (ctx.fileKind === 'code' || ctx.fileKind === 'other') {
    typedRe.lastIndex = 0;
    // Found from the `:` (few per line), the key read backwards: a regex starting at every identifier costs more.
    for (let m = typedRe.exec(text); m; m = typedRe.exec(text)) {
      const span = m.indices?.[2];
      const key = keyBefore.exec(text.slice(Math.max(0, m.index - 72), m.index))?.[1];
      const found = span && key && judge(ctx, key, m[2], lineStart + span[0], true);
      if (found) out.push(found);
    }
  }
  const env = dockerEnvRe.exec(text);
  const span = env?.indices?.[2];
  if (env && span) {
    const quoted = /^["']/.test(env[2]);
    const found = judge(ctx, env[1], env[2].replace(/^["']|["']$/g, ''), lineStart + span[0] + (quoted ? 1 : 0), quoted);
    if (found) out.push(found);
  }
}

const keyChar = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-') keyChar[c.charCodeAt(0)] = 1;

/**
 * Whether the key around a keyword at `hit` can be followed by an assignment: the rest of the key,
 * an optional quote, blanks, then `:` or `=` — what `assignRe` needs after a key — and, when only
 * quoted values count (code), a quote after the separator. Most keyword hits in code
 * (`os.Getenv("API_TOKEN")`, `token = req.headers…`, comments) fail this at once, and their
 * lines need no regex.
 */
function assignsAfter(text: string, hit: number, quotedOnly: boolean): boolean {
  let i = hit;
  const keyEnd = Math.min(text.length, hit + 64);
  while (i < keyEnd && keyChar[text.charCodeAt(i)] === 1) i++;
  let c = text.charCodeAt(i);
  if (c === 92 && text.charCodeAt(i + 1) === 34)
    c = text.charCodeAt((i = skipBlanks(text, i + 2))); // \"
  else if (c === 34 || c === 39) c = text.charCodeAt((i = skipBlanks(text, i + 1)));
  else c = text.charCodeAt((i = skipBlanks(text, i)));
  if (c !== 58 && c !== 61) return false; // : =
  if (!quotedOnly) return true;
  const next = text.charCodeAt(i + 1);
  if ((c === 58 && next === 61) || (c === 61 && next === 62)) i++; // := =>
  i = skipBlanks(text, i + 1);
  i += quotePrefix(text, i);
  const q = text.charCodeAt(i);
  if (q === 34 || q === 39 || q === 96 || (q === 92 && text.charCodeAt(i + 1) === 34)) return true; // " ' ` \"
  // `API_KEY: &str = "…"`: a type, then `=` and a quote.
  return c === 58 && /^&?(?:'static[ \t]{1,4})?[A-Za-z_][A-Za-z0-9_<>:?]{0,30}[ \t]{0,4}=[ \t]{0,4}["'`]/.test(text.slice(i, i + 64));
}

/** The length of what may stand before a quoted literal: a Python string prefix (`b'…'`, `rb"…"`) or Go's `[]byte(`. */
function quotePrefix(text: string, i: number): number {
  if (text.startsWith('[]byte(', i)) return 7;
  let n = 0;
  while (n < 2 && /[bBrRuU]/.test(text[i + n] ?? '')) n++;
  const q = text.charCodeAt(i + n);
  return n > 0 && (q === 34 || q === 39) ? n : 0;
}

/** The offset after at most 9 spaces or tabs from `i`. */
function skipBlanks(text: string, i: number): number {
  for (let n = 0; n <= 8; n++, i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) break;
  }
  return i;
}

/** A Dockerfile `ENV KEY value` line (no `=` needed). */
function isEnvLine(text: string, lineStart: number): boolean {
  let i = lineStart;
  while (text[i] === ' ' || text[i] === '\t') i++;
  return text.startsWith('ENV', i);
}

/** `password = "…"`, `API_KEY: …`, `ENV DB_PASSWORD …`: secret-named keys with literal values, gated by entropy. */
export const genericAssignmentDetector: Detector = {
  id: 'generic-secret',
  kind: 'generic-assignment',
  title: 'Hardcoded secret',
  severity: 'warning',
  confidence: 'medium',
  keywords: ['pass', 'pwd', 'secret', 'token', 'key', 'auth', 'credential'],
  extraRules: rules.filter((r) => r.id !== 'generic-secret'),
  find(ctx: ScanContext, hits: readonly number[]): RawMatch[] {
    const out: RawMatch[] = [];
    const { text } = ctx; // ctx.lines only once a hit passes: it finds every line start of the file
    // Every key a rule accepts holds a keyword, so a line is scanned (whole, as before) only when
    // one of its hits could start an assignment, or when it is a Dockerfile `ENV KEY value`.
    const envLines = text.includes('ENV');
    const quotedOnly = !allowsBareValues(ctx.fileKind);
    let doneUntil = -1;
    for (const hit of hits) {
      if (hit < doneUntil) continue;
      const assigns = assignsAfter(text, hit, quotedOnly);
      if (!assigns && !envLines) continue;
      const { lines } = ctx;
      const line = lines.lineOf(hit);
      if (!assigns && !isEnvLine(text, lines.lineStart(line))) continue;
      doneUntil = lines.lineEnd(line);
      scanLine(ctx, line, out);
    }
    return out;
  },
};
