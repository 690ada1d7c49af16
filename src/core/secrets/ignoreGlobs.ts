/**
 * Pure glob matching for ignore globs, and a minimal `.gitignore` matcher (patterns, `!` negation,
 * dir-only `/` suffix, anchoring, nested files) so front ends can mark files git will not commit.
 * Paths are relative and use `/`.
 */

function escapeRe(c: string): string {
  return /[\\^$.*+?()[\]{}|]/.test(c) ? `\\${c}` : c;
}

/** Regex source for a glob: `**` any depth, `*` and `?` within a segment, `[...]` classes, `{a,b}`. */
export function globSource(glob: string): string {
  let out = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slashAfter = glob[i + 2] === '/';
        const atSegmentStart = i === 0 || glob[i - 1] === '/';
        i += slashAfter && atSegmentStart ? 2 : 1;
        out += slashAfter && atSegmentStart ? '(?:[^/]*/)*' : '.*';
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close === -1) out += '\\[';
      else {
        const body = glob
          .slice(i + 1, close)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\');
        out += `[${body}]`;
        i = close;
      }
    } else if (c === '{') {
      braces++;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (c === ',' && braces > 0) out += '|';
    else if (c === '\\' && i + 1 < glob.length) out += escapeRe(glob[++i]);
    else out += escapeRe(c);
  }
  return out + ')'.repeat(braces);
}

/** Whether a path matches a glob. A glob without `/` matches the file name at any depth. */
export function matchGlob(path: string, glob: string): boolean {
  const g = glob.replace(/^\.\//, '');
  const source = g.includes('/') ? globSource(g.replace(/^\//, '')) : `(?:.*/)?${globSource(g)}`;
  return new RegExp(`^${source}(?:/.*)?$`).test(path);
}

export function matchesAnyGlob(path: string, globs: readonly string[]): boolean {
  return globs.some((g) => matchGlob(path, g));
}

interface GitignoreRule {
  base: string;
  re: RegExp;
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
  const source = anchored ? globSource(p) : `(?:.*/)?${globSource(p)}`;
  return { base, re: new RegExp(`^${source}$`), negated, dirOnly };
}

/** Git's ignore rules from one or more `.gitignore` files; later rules and deeper files win. */
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
      if (r.re.test(rel)) result = !r.negated;
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
