/** Characters that make a name look like another: controls, bidi overrides, zero-width and other invisible format characters. */
const SUSPICIOUS = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\u115F\u1160\u3164\uFFA0\u180E]/gu;

const NAMES: Record<number, string> = {
  0x00: 'NUL',
  0x07: 'BELL',
  0x08: 'BACKSPACE',
  0x09: 'TAB',
  0x0a: 'LINE FEED',
  0x0d: 'CARRIAGE RETURN',
  0x1b: 'ESCAPE',
  0x7f: 'DELETE',
  0x061c: 'ARABIC LETTER MARK',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2060: 'WORD JOINER',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
  0x3164: 'HANGUL FILLER',
  0x180e: 'MONGOLIAN VOWEL SEPARATOR',
};

/** `U+202E RIGHT-TO-LEFT OVERRIDE`, for messages. */
export function describeCodePoint(cp: number): string {
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  return NAMES[cp]
    ? `${hex} ${NAMES[cp]}`
    : `${hex} (${cp < 0x20 || (cp >= 0x7f && cp < 0xa0) ? 'a control character' : 'an invisible character'})`;
}

/** The distinct invisible or control characters in `text`, described (empty when there are none). */
export function invisibleChars(text: string): string[] {
  const found = new Set<number>();
  for (const m of text.matchAll(SUSPICIOUS)) found.add(m[0].codePointAt(0)!);
  return [...found].map(describeCodePoint);
}
