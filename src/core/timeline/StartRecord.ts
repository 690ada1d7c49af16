/** One start of the stack, as the dashboard's start history keeps it (`.stackpilot/startups.json`). */
export interface StartRecord {
  /** When the start began (ms since epoch): one record per start. */
  at: number;
  /** Time to all services ready, ms. */
  totalMs: number;
}
