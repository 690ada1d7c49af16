import { posix } from 'node:path';
import type { StackConfig, WatchSpec } from '../config/model';
import { GitignoreMatcher, matchesAnyGlob } from '../secrets/ignoreGlobs';

/** Never watched: dependencies, VCS data, Stackpilot's own run folder, editors' scratch files. */
export const ALWAYS_IGNORED_DIRS: ReadonlySet<string> = new Set(['node_modules', '.git', '.hg', '.svn', '.stackpilot']);
const EDITOR_SCRATCH = ['*.swp', '*.swx', '*~', '.#*', '4913', '*.tmp', '.DS_Store'];

export interface WatchHit {
  /** What the change is scheduled under: the service, or `service#N` for its N-th compose rule. */
  key: string;
  service: string;
  /** The changed file relative to the service's cwd, with `/`. */
  file: string;
}

interface Target {
  key?: string;
  service: string;
  spec: WatchSpec;
}

/** The key a compose `develop.watch` rule's changes are scheduled under. */
export function ruleKey(service: string, index: number): string {
  return `${service}#${index}`;
}

/**
 * Which services a changed file restarts: pure matching of absolute paths against every service's
 * `watch` globs, its `ignore` globs, the always-ignored folders and (unless `gitignore: false`) the
 * `.gitignore` files the caller has read (added with `addGitignore`, relative to the stack root).
 */
export class WatchRules {
  private readonly targets: Target[];
  private readonly gitignore = new GitignoreMatcher();

  constructor(
    readonly root: string,
    targets: Target[],
  ) {
    this.targets = targets;
  }

  static of(config: StackConfig, only?: readonly string[]): WatchRules {
    const targets: Target[] = [];
    for (const s of Object.values(config.services)) {
      if (only && !only.includes(s.name)) continue;
      if (s.kind === 'process' && s.watch) targets.push({ service: s.name, spec: s.watch });
      // Compose rules: everything under `path` (no globs; `ignore` relative to it; .dockerignore, not .gitignore).
      if (s.kind === 'docker') {
        s.developWatch?.forEach((r, i) =>
          targets.push({
            key: ruleKey(s.name, i),
            service: s.name,
            spec: { paths: ['**'], ignore: r.ignore, gitignore: false, base: r.path, location: r.location },
          }),
        );
      }
    }
    return new WatchRules(config.root, targets);
  }

  get isEmpty(): boolean {
    return this.targets.length === 0;
  }

  get services(): string[] {
    return [...new Set(this.targets.map((t) => t.service))];
  }

  /** Folders to watch: each service's cwd, without those inside another. */
  bases(): string[] {
    const all = [...new Set(this.targets.map((t) => t.spec.base))].sort();
    return all.filter((b) => !all.some((o) => o !== b && isInside(b, o)));
  }

  /** A `.gitignore` found at `absDir` (its rules apply below that folder). */
  addGitignore(absDir: string, text: string): void {
    const rel = posix.relative(this.root, absDir);
    if (rel.startsWith('..') || posix.isAbsolute(rel)) return;
    this.gitignore.add(rel, text);
  }

  /** Whether a whole folder can go unwatched: no service could be restarted by anything in it. */
  skipDir(absDir: string): boolean {
    const name = posix.basename(absDir);
    if (ALWAYS_IGNORED_DIRS.has(name)) return true;
    return this.targets.every((t) => {
      if (!isInside(absDir, t.spec.base) && !isInside(t.spec.base, absDir)) return true;
      if (!isInside(absDir, t.spec.base) || absDir === t.spec.base) return false;
      const rel = posix.relative(t.spec.base, absDir);
      // A probe name no glob of a file type matches: only "everything under this folder" globs do.
      if (t.spec.ignore.length && matchesAnyGlob(`${rel}/\u0000`, t.spec.ignore)) return true;
      return t.spec.gitignore && this.gitIgnores(absDir, true);
    });
  }

  /** The services this changed file (absolute path) restarts. */
  match(absPath: string): WatchHit[] {
    const hits: WatchHit[] = [];
    const segments = absPath.split('/');
    if (segments.some((s) => ALWAYS_IGNORED_DIRS.has(s)) || matchesAnyGlob(posix.basename(absPath), EDITOR_SCRATCH)) return hits;
    for (const { key, service, spec } of this.targets) {
      if (!isInside(absPath, spec.base)) continue;
      // A compose rule's `path` may be a single file.
      const file = absPath === spec.base ? posix.basename(absPath) : posix.relative(spec.base, absPath);
      if (!matchesAnyGlob(file, spec.paths) || matchesAnyGlob(file, spec.ignore)) continue;
      if (spec.gitignore && this.gitIgnores(absPath, false)) continue;
      hits.push({ key: key ?? service, service, file });
    }
    return hits;
  }

  private gitIgnores(abs: string, isDir: boolean): boolean {
    const rel = posix.relative(this.root, abs);
    if (rel === '' || rel.startsWith('..') || posix.isAbsolute(rel)) return false;
    return this.gitignore.ignores(rel, isDir);
  }
}

/** `p` is `dir` or below it. */
export function isInside(p: string, dir: string): boolean {
  return p === dir || p.startsWith(dir.endsWith('/') ? dir : `${dir}/`);
}
