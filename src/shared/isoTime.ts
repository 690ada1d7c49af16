/** A time in milliseconds since the epoch as ISO 8601 in UTC (`2026-12-05T11:40:39.000Z`): how reports, payloads and `--json` write times. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
