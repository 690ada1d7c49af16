import type { Diagnostics } from './Diagnostics';
import { interpolate, type Lookup } from './interpolate';
import { isPlainMap } from './Reader';
import type { SourceIndex, TreePath } from './SourceIndex';

/**
 * Interpolates every string value of a parsed file in place (keys are left alone, as compose does).
 * Errors (`${VAR:?msg}` unset, malformed `${`) are located at the value; an unset variable without a
 * default is a warning, once per variable per file.
 */
export function interpolateTree(
  root: unknown,
  index: SourceIndex,
  lookup: Lookup,
  diags: Diagnostics,
  skip: (path: TreePath) => boolean = () => false,
): unknown {
  const warned = new Set<string>();
  // Every value a variable gives is noted before any message is made: messages show `${NAME}`, not it.
  const seen: Lookup = (name) => {
    const v = lookup(name);
    if (v !== undefined) diags.substitutedValue(name, v);
    return v;
  };
  const walk = (v: unknown, path: TreePath): unknown => {
    if (skip(path)) return v;
    if (typeof v === 'string') {
      const r = interpolate(v, seen);
      for (const p of r.problems) {
        const at = index.value(path);
        if (p.kind === 'required') diags.error('required-variable', p.message + '.', at);
        else if (p.kind === 'syntax') diags.error('bad-interpolation', p.message + '.', at);
        else if (!warned.has(p.variable!)) {
          warned.add(p.variable!);
          diags.warn('unset-variable', p.message + '.', at);
        }
      }
      if (r.value !== v) index.setRaw(path, v);
      // No command, path, URL or variable can hold a NUL byte: say so now, not when the process fails to start.
      const nul = r.value.indexOf('\0');
      if (nul >= 0)
        diags.error(
          'nul-byte',
          `This value holds a NUL byte (U+0000) at character ${nul + 1}${r.value === v ? '' : ' after interpolation'}; commands, paths, URLs and variables cannot hold one. Remove it.`,
          index.value(path),
        );
      return r.value;
    }
    // In place, as maps are: a list keeps its identity (a `!override` list is known by it).
    if (Array.isArray(v)) {
      v.forEach((x, i) => (v[i] = walk(x, [...path, i])));
      return v;
    }
    if (isPlainMap(v)) {
      for (const k of Object.keys(v)) v[k] = walk(v[k], [...path, k]);
      return v;
    }
    return v;
  };
  return walk(root, []);
}
