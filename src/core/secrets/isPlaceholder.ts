/** Stand-in words: anywhere in the value (case-insensitive). */
const placeholderInside =
  /example|change[-_]?me|change[-_]?this|replace[-_]?(?:me|this|with)|placeholder|redacted|dummy|xxxx|lorem|foobar|notasecret|not_a_secret/i;

/** Stand-in words as whole words (digits may follow: `test123`). */
const placeholderWords =
  /(?:^|[^A-Za-z0-9])(?:sample|test|testing|your|my|fake|foo|bar|baz|todo|fixme|none|null|nil|undefined|secret|password|passwd|pass|token|value|insert|enter|here|xxx|tbd|empty|default|demo)(?=$|[^A-Za-z])/i;

/** Interpolations and references to where the real value lives. */
const reference =
  /^ENC\[|^\$\{|^\$[A-Za-z_]|\{\{|\}\}|^%\(|^#\{|process\.env|import\.meta\.env|os\.environ|os\.getenv|getenv\(|System\.getenv|ENV\[|env\(|secrets\.|^vault:|^secret:|^ref\+|^arn:aws:secretsmanager|^projects\/[^/]+\/secrets\/|^op:\/\/|^doppler:\/\/|^sm:\/\//i;

/** Generic-rule filter: placeholders, references, masks and obviously non-random values. */
export function isPlaceholder(value: string): boolean {
  if (value.length === 0) return true;
  if (reference.test(value)) return true;
  if (placeholderInside.test(value) || placeholderWords.test(value)) return true;
  if (/^<[^>]*>$|^\[[^\]]*\]$|^\{[^}]*\}$|%s|%\(|^\$\(/.test(value)) return true;
  if (/[*•]{3}|x{4}|X{4}|\.{3}|…/.test(value)) return true;
  return looksRepetitive(value);
}

/** Provider-token filter: the format already says "secret", so only obvious stand-ins are dropped. */
export function isPlaceholderToken(value: string): boolean {
  return (
    /example|x{6}|X{6}|\*{3}|<|>|\$\{|\{\{/i.test(value) ||
    looksRepetitive(value) ||
    hasFilledBody(value) ||
    isBase64OfPlaceholderText(value)
  );
}

/**
 * A real-looking prefix with a filled-in body: `sk_live_aaaaaaaaaaaaaaaaaaaaaaaa`,
 * `xoxb-0000000000-0000000000-000000000000000000000000`, `sk_test_51Nx000…000`. The prefix and
 * separators make the whole value varied; the random part is the longest run between separators.
 * Random text of 8+ characters never uses 3 distinct characters or fewer, nor (at 12+) one
 * character for 60% of its length.
 */
export function hasFilledBody(value: string): boolean {
  let longest = '';
  for (const part of value.split(/[_\-.~$/+=]/)) if (part.length > longest.length) longest = part;
  if (longest.length < 8) return false;
  const counts = new Map<string, number>();
  let most = 0;
  for (const c of longest) {
    const n = (counts.get(c) ?? 0) + 1;
    counts.set(c, n);
    if (n > most) most = n;
  }
  return counts.size <= 3 || (longest.length >= 12 && most >= 0.6 * longest.length);
}

/**
 * Base64 that decodes to a sentence is documentation, not key material; Supabase's compose file
 * carries `whsec_` + base64("This is an example of a shorter Base64 string").
 */
export function isBase64OfPlaceholderText(value: string): boolean {
  const body = /[A-Za-z0-9+/]{24,}={0,2}/.exec(value)?.[0];
  if (!body) return false;
  const text = Buffer.from(body, 'base64')
    .toString('latin1')
    .replace(/[^\x20-\x7e]+$/, '');
  return (
    /^[\x20-\x7e]+$/.test(text) && text.includes(' ') && (placeholderInside.test(text) || /\b(?:this is|test|sample|fake)\b/i.test(text))
  );
}

/** `aaaaaaaa`, `12345678…`, `abcabcabc`: fewer than 5 distinct characters in a long value, or a straight run. */
function looksRepetitive(value: string): boolean {
  if (value.length >= 12 && new Set(value).size < 5) return true;
  return /(?:0123456789|123456789|abcdefghij|ABCDEFGHIJ)/.test(value) && new Set(value).size < 16;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const hexDigest = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
const integrity = /^(?:sha(?:1|256|384|512)-[A-Za-z0-9+/]{20,}={0,2}|sha256:[0-9a-f]{64})$/;

export function isUuid(value: string): boolean {
  return uuid.test(value);
}

/** Identifiers that look random but are not secrets: UUIDs, git SHAs, digests, integrity hashes. */
export function isKnownNonSecret(value: string): boolean {
  return uuid.test(value) || hexDigest.test(value) || integrity.test(value);
}
