/**
 * A preview that reveals at most the first 4 characters, fewer for short values
 * (a quarter of the length), so a 7-character password shows one.
 */
export function maskSecret(value: string): string {
  const shown = Math.min(4, Math.floor(value.length / 4));
  return `${value.slice(0, shown)}…`;
}
