import { isPlainMap } from './Reader';

/**
 * The Compose Specification's merge tags (13-merge.md): a value tagged `!reset` in an override
 * file removes what the files before it set; one tagged `!override` replaces it instead of being
 * merged into it. parseYaml reads `!reset` as RESET and records `!override` maps and lists here.
 */
export const RESET: unique symbol = Symbol('!reset');
export const OVERRIDDEN = new WeakSet<object>();

/** Removes what is still tagged `!reset` once every file is merged (in a single file it resets to nothing). */
export function dropResets(v: unknown): void {
  if (Array.isArray(v)) {
    for (let i = v.length - 1; i >= 0; i--) if (v[i] === RESET) v.splice(i, 1);
    for (const item of v) dropResets(item);
  } else if (isPlainMap(v)) {
    for (const [k, item] of Object.entries(v)) {
      if (item === RESET) delete v[k];
      else dropResets(item);
    }
  }
}
