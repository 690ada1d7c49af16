/**
 * Glob matching for ignore globs, and a `.gitignore` matcher (patterns, `!` negation, dir-only `/`
 * suffix, anchoring, nested files) so front ends skip what the user excludes and mark files git
 * will not commit. The globs are picomatch's, compiled once. Paths are relative and use `/`.
 */
import picomatch from 'picomatch';

type Matcher = (path: string) => boolean;

/**
 * picomatch with gitignore's reading of globs: dot files are not special, a leading `!` in a
 * bracket negates it (`[!0-9]`; picomatch does so only with `posix`, micromatch/picomatch#187),
 * and a trailing `/**` matches everything inside a folder but not the folder itself (picomatch
 * lets `**` match nothing, so `out/**` would match `out` and `!out/keep.txt` could not re-include).
 */
function globMatcher(glob: string | string[]): Matcher {
  const inside = (g: string) => (g.endsWith('/**') ? `${g}/*` : g);
  return picomatch(Array.isArray(glob) ? glob.map(inside) : inside(glob), { dot: true, posix: true });
}

/** Compiled globs; the set of globs comes from settings and stack files, so it stays small (capped anyway). */
const compiled = new Map<string, Matcher>();
const MAX_COMPILED = 1000;

/**
 * A glob without `/` matches the file name at any depth; a leading `/` or `./` anchors at the root;
 * a glob that matches a folder matches everything under it. Dot files are not special.
 */
function compile(glob: string): Matcher {
  const g = glob.replace(/^\.\//, '');
  const base = g.includes('/') ? g.replace(/^\//, '') : `**/${g}`;
  return globMatcher([base, `${base}/**`]);
}

/** Whether a path matches a glob. */
export function matchGlob(path: string, glob: string): boolean {
  let m = compiled.get(glob);
  if (!m) {
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    compiled.set(glob, (m = compile(glob)));
  }
  return m(path);
}

export function matchesAnyGlob(path: string, globs: readonly string[]): boolean {
  return globs.some((g) => matchGlob(path, g));
}

interface GitignoreRule {
  base: string;
  match: Matcher;
  negated: boolean;
  dirOnly: boolean;
}

function parseRule(base: string, line: string): GitignoreRule | undefined {
  let p = line.replace(/(?<!\\)\s+$/, '');
  if (p === '' || p.startsWith('#')) return undefined;
  const negated = p.startsWith('!');
  if (negated) p = p.slice(1);
  if (p.startsWith('\\#') || p.startsWith('\\!')) p = p.slice(1);
  const dirOnly = p.endsWith('/');
  if (dirOnly) p = p.slice(0, -1);
  if (p === '') return undefined;
  // A slash at the start or in the middle anchors the pattern to the .gitignore's directory.
  const anchored = p.includes('/');
  p = p.replace(/^\//, '');
  return { base, match: globMatcher(anchored ? p : `**/${p}`), negated, dirOnly };
}

/**
 * Git's ignore rules from one or more `.gitignore` files; later rules and deeper files win.
 * Written here rather than with the `ignore` package: that matches one .gitignore at a time, and
 * across nested files (a deeper `!build/` re-including what the root ignores) its verdicts differ
 * from git's (checked against `git status --ignored` in test/unit/secrets/ignoreGlobs.test.ts);
 * the walk below is what remains once picomatch does the globs.
 */
export class GitignoreMatcher {
  private readonly rules: GitignoreRule[] = [];

  /** Add a `.gitignore`'s text; `dir` is its directory relative to the root (`''` for the root). */
  add(dir: string, text: string): void {
    const base = dir.replace(/^\.?\/?|\/$/g, '');
    for (const line of text.split(/\r?\n/)) {
      const rule = parseRule(base, line);
      if (rule) this.rules.push(rule);
    }
  }

  private decide(path: string, isDir: boolean): boolean | undefined {
    let result: boolean | undefined;
    for (const r of this.rules) {
      if (r.dirOnly && !isDir) continue;
      if (r.base !== '' && !path.startsWith(`${r.base}/`)) continue;
      const rel = r.base === '' ? path : path.slice(r.base.length + 1);
      if (r.match(rel)) result = !r.negated;
    }
    return result;
  }

  /** Whether git ignores a path: itself, or a parent directory (files under an ignored directory cannot be re-included). */
  ignores(path: string, isDir = false): boolean {
    const parts = path.replace(/^\.\//, '').split('/');
    for (let i = 1; i < parts.length; i++) {
      if (this.decide(parts.slice(0, i).join('/'), true)) return true;
    }
    return this.decide(parts.join('/'), isDir) ?? false;
  }
}
