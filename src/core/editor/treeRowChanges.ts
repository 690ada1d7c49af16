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

/** How many of a service's last probes the shown latency is the median of. */
export const LATENCY_WINDOW = 5;

/**
 * The latency a row shows: the median of the last probes (`recent`, at most LATENCY_WINDOW), and
 * the figure shown before until that median moves meaningfully away from it (by 50% or more and at
 * least `minStepMs`); then the new median, rounded. Loopback probes jitter between 1 and 4 ms, and a
 * loaded machine adds a lone 40 ms now and then; a row that rewrote itself for that would never keep
 * a tooltip open.
 */
export function stableLatency(shown: number | undefined, recent: readonly number[], minStepMs = 5): number | undefined {
  if (!recent.length) return shown;
  const sorted = [...recent].sort((a, b) => a - b);
  const median = Math.round(sorted[(sorted.length - 1) >> 1]);
  if (shown === undefined) return median;
  if (Math.abs(median - shown) < minStepMs) return shown;
  return median >= shown * 1.5 || median <= shown / 1.5 ? median : shown;
}
