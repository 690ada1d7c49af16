import type { HostMessage } from '../shared/protocol';

/**
 * Which cards' sparklines a batch of host messages redraws: every one after a snapshot or a new
 * series (the store was replaced: a reloaded or re-shown panel, a theme's high-contrast redraw
 * relies on it), else those that received measured points. `'all'` or a set of names. Pure.
 */
export function sparksDue(batch: readonly HostMessage[]): 'all' | Set<string> {
  const names = new Set<string>();
  for (const msg of batch) {
    if (msg.type === 'snapshot' || msg.type === 'series') return 'all';
    if (msg.type === 'delta') for (const name of Object.keys(msg.points)) names.add(name);
  }
  return names;
}
