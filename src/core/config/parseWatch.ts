import type { SourceLocation, WatchSpec } from './model';
import { isPlainMap, type Reader } from './Reader';

/** More globs than this is a mistake, not a watch list (and each one is matched on every change). */
const MAX_GLOBS = 100;

/**
 * `watch:` of a process service: a list of globs relative to its `cwd`, or
 * `{ paths: [...], ignore: [...], gitignore: false }`. Globs must stay inside the cwd: no absolute
 * paths and no `..` (a stack file must not make Stackpilot watch the whole disk).
 */
export function parseWatch(r: Reader, base: string): WatchSpec | undefined {
  if (r.value === undefined || r.value === null) return undefined;
  let pathsR = r;
  let ignore: string[] = [];
  let gitignore = true;
  if (isPlainMap(r.value)) {
    r.checkKeys(['paths', 'ignore', 'gitignore'], `\`${r.name}\``);
    if (!r.has('paths')) {
      r.error('wrong-value', `\`${r.name}\` needs \`paths\`: globs relative to the service's cwd, e.g. \`paths: ["src/**"]\`.`, 'key');
      return undefined;
    }
    pathsR = r.child('paths');
    ignore = globs(r.child('ignore')) ?? [];
    gitignore = r.child('gitignore').bool() ?? true;
  }
  const paths = globs(pathsR);
  if (!paths) return undefined;
  if (paths.length === 0) {
    pathsR.error(
      'wrong-value',
      `\`${pathsR.name}\` is empty: list the files that restart the service, e.g. \`["src/**/*.ts"]\`, or remove \`watch\`.`,
    );
    return undefined;
  }
  return { paths, ignore, gitignore, base, location: r.keyLoc };
}

function globs(r: Reader): string[] | undefined {
  const items = r.list(true);
  if (!items) return undefined;
  if (items.length > MAX_GLOBS) {
    r.error('wrong-value', `\`${r.name}\` has ${items.length} globs; at most ${MAX_GLOBS}: use \`**\` to cover a folder.`);
    return undefined;
  }
  const out: string[] = [];
  for (const item of items) {
    const g = item.str(true);
    if (g === undefined) continue;
    const problem = globProblem(g);
    if (problem) item.error('bad-glob', `\`${g}\` ${problem}`);
    else out.push(g.replace(/^\.\//, ''));
  }
  return out;
}

function globProblem(g: string): string | undefined {
  if (g.trim() === '') return 'is empty: write a glob such as `src/**`.';
  if (g.startsWith('/') || /^[A-Za-z]:[\\/]/.test(g))
    return "is absolute: watch globs are relative to the service's `cwd` (set `cwd` to watch another folder).";
  if (g.split(/[\\/]/).includes('..')) return "leaves the service's `cwd` (`..`): set `cwd` to the folder to watch instead.";
  return undefined;
}

/** `restartWith: [api]` (or a single name): services whose watch restart restarts this one too. */
export function parseRestartWith(r: Reader): { service: string; location: SourceLocation }[] | undefined {
  const items = r.list(true);
  if (!items) return undefined;
  return items.flatMap((item) => {
    const s = item.str();
    return s === undefined ? [] : [{ service: s, location: item.loc }];
  });
}
