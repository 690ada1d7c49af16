/** Controls, bidi and invisible format characters: in a terminal they move the cursor, recolour, retitle or reorder what follows. */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\u115F\u1160\u3164\uFFA0\u180E]/gu;

/**
 * Text from a repository made safe to print in a message: every control, bidi or invisible
 * character is written as its code point (`<U+001B>`), so a key, a value or a file name cannot
 * clear the screen, retitle the terminal, fake a `file:line:col: error` line or reorder the text.
 */
export function quietText(text: string): string {
  return text.replace(UNSAFE, (c) => `<U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`);
}
