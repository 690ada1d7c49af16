/**
 * Which rows of the Services tree need re-rendering after a new snapshot. Re-rendering a row closes
 * a tooltip that is open or waiting out its hover delay, so a row is refreshed only when something
 * it shows changed — never merely because a probe ran. Pure.
 */

/** What one row shows, as plain data. */
export interface RowView {
  label: string;
  description: string;
  /** Codicon id, and its theme colour id. */
  icon: string;
  iconColor?: string;
  /** The tooltip's Markdown source. */
  tooltip: string;
  contextValue: string;
  collapsible: 'none' | 'collapsed' | 'expanded';
  ariaLabel: string;
}

/** A rendered tree: each row by id with its view and its children's ids; the root's children under ''. */
export type TreeShape = ReadonlyMap<string, { view?: RowView; children: readonly string[] }>;

export const ROOT = '';

export function rowChanged(before: RowView | undefined, after: RowView | undefined): boolean {
  if (!before || !after) return before !== after;
  return (
    before.label !== after.label ||
    before.description !== after.description ||
    before.icon !== after.icon ||
    before.iconColor !== after.iconColor ||
    before.tooltip !== after.tooltip ||
    before.contextValue !== after.contextValue ||
    before.collapsible !== after.collapsible ||
    before.ariaLabel !== after.ariaLabel
  );
}

/**
 * `all`: the top level changed (rows added, removed or reordered there): refresh everything.
 * Otherwise `rows`: the ids to refresh, each because what it shows or its children changed (a refresh
 * of a row re-reads its children). Empty when nothing visible changed.
 */
export function treeChanges(before: TreeShape, after: TreeShape): { all: boolean; rows: string[] } {
  if (!sameList(before.get(ROOT)?.children, after.get(ROOT)?.children)) return { all: true, rows: [] };
  const rows: string[] = [];
  for (const [id, next] of after) {
    if (id === ROOT) continue;
    const prev = before.get(id);
    if (!prev) continue; // a new row is rendered by its parent's refresh
    if (rowChanged(prev.view, next.view) || !sameList(prev.children, next.children)) rows.push(id);
  }
  return { all: false, rows };
}

function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (!a || !b) return a === b;
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * The latency a row shows: the last one shown, until the probe's latency moves meaningfully away
 * from it (by 50% or more and at least `minStepMs`); then the new figure, rounded. Loopback probes
 * jitter between 1 and 4 ms on every probe; a row that rewrote itself for that would never keep a
 * tooltip open.
 */
export function stableLatency(shown: number | undefined, measuredMs: number, minStepMs = 5): number {
  const now = Math.round(measuredMs);
  if (shown === undefined) return now;
  const diff = Math.abs(now - shown);
  if (diff < minStepMs) return shown;
  return now >= shown * 1.5 || now <= shown / 1.5 ? now : shown;
}
