import { watch, type FSWatcher } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Logger } from '../../core/ports';
import { isInside, type WatchRules } from '../../core/watch/WatchRules';

/** A hostile or huge tree must not exhaust inotify watches: beyond this many folders, stop adding. */
export const MAX_WATCHED_DIRS = 20_000;
const MAX_GITIGNORE_BYTES = 256 * 1024;

/**
 * One recursive watch over the folders a stack's `watch:` globs cover: an inotify watch per folder
 * (fs.watch, no polling), skipping folders no service could be restarted by (node_modules, .git,
 * git-ignored, `ignore:`d). Symlinks are not followed. New folders are watched as they appear.
 * Reports changed paths (absolute); matching them to services is WatchRules' job.
 */
export class TreeWatcher {
  private readonly watchers = new Map<string, FSWatcher>();
  private disposed = false;
  private warnedFull = false;

  constructor(
    private readonly rules: WatchRules,
    private readonly onChange: (absPath: string) => void,
    private readonly logger: Logger,
    private readonly maxDirs = MAX_WATCHED_DIRS,
  ) {}

  get watchedDirs(): number {
    return this.watchers.size;
  }

  /** Resolves once every folder that exists now is watched. */
  async start(): Promise<void> {
    await this.readAncestorGitignores();
    await Promise.all(
      this.rules.bases().map(async (b) => {
        // A compose rule's `path` may be one file: its folder is watched, not walked.
        const isFile = await stat(b).then(
          (s) => s.isFile(),
          () => false,
        );
        if (isFile) this.watchDir(dirname(b));
        else await this.addTree(b);
      }),
    );
  }

  dispose(): void {
    this.disposed = true;
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
  }

  /** `reportFiles`: a folder that appeared while watching; files written into it before its watch count as changes. */
  private async addTree(root: string, reportFiles = false): Promise<void> {
    const queue = [root];
    while (queue.length && !this.disposed) {
      const dir = queue.shift()!;
      if (this.watchers.has(dir) || (dir !== root && this.rules.skipDir(dir))) continue;
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (err) {
        if (dir === root) this.logger.warn(`watch: cannot read ${dir}: ${(err as Error).message}`);
        continue;
      }
      if (entries.some((e) => e.name === '.gitignore' && e.isFile())) await this.readGitignore(dir);
      if (!this.watchDir(dir)) return;
      for (const e of entries) {
        if (e.isDirectory()) queue.push(join(dir, e.name));
        else if (reportFiles && e.isFile()) this.onChange(join(dir, e.name));
      }
    }
  }

  /** The .gitignore files from the stack's root down to each watched folder (those inside are read as they are walked). */
  private async readAncestorGitignores(): Promise<void> {
    const dirs = new Set<string>();
    for (const base of this.rules.bases()) {
      if (!isInside(base, this.rules.root)) continue;
      for (let d = dirname(base); isInside(d, this.rules.root); d = dirname(d)) {
        dirs.add(d);
        if (d === this.rules.root || d === dirname(d)) break;
      }
    }
    for (const d of [...dirs].sort()) await this.readGitignore(d);
  }

  private async readGitignore(dir: string): Promise<void> {
    try {
      const file = join(dir, '.gitignore');
      if ((await stat(file)).size > MAX_GITIGNORE_BYTES) return;
      this.rules.addGitignore(dir, await readFile(file, 'utf8'));
    } catch {
      // Unreadable: nothing ignored by it.
    }
  }

  private watchDir(dir: string): boolean {
    if (this.disposed) return false;
    if (this.watchers.size >= this.maxDirs) {
      if (!this.warnedFull)
        this.logger.warn(
          `watch: more than ${this.maxDirs} folders to watch; changes in the rest are not seen (add \`ignore:\` globs to the service's \`watch\`)`,
        );
      this.warnedFull = true;
      return false;
    }
    let w: FSWatcher;
    try {
      w = watch(dir, { persistent: false }, (event, name) => name && this.onEvent(dir, event, name.toString()));
    } catch (err) {
      this.logger.warn(`watch: cannot watch ${dir}: ${(err as Error).message}`);
      return true;
    }
    w.on('error', () => this.unwatch(dir));
    this.watchers.set(dir, w);
    return true;
  }

  private unwatch(dir: string): void {
    this.watchers.get(dir)?.close();
    this.watchers.delete(dir);
  }

  private onEvent(dir: string, event: string, name: string): void {
    if (this.disposed) return;
    const abs = join(dir, name);
    if (event === 'rename') void this.onRename(abs);
    else this.onChange(abs);
  }

  /** Created, deleted or moved: a new folder gets watched; a file is a change either way. */
  private async onRename(abs: string): Promise<void> {
    let isDir = false;
    try {
      isDir = (await stat(abs)).isDirectory();
    } catch {
      // Gone: a deleted file is a change; a deleted folder's watcher ends with an error.
      if (this.watchers.has(abs)) return this.unwatch(abs);
    }
    if (isDir) {
      if (!this.rules.skipDir(abs)) await this.addTree(abs, true);
    } else {
      if (abs.endsWith('/.gitignore')) await this.readGitignore(abs.slice(0, -'/.gitignore'.length));
      this.onChange(abs);
    }
  }
}
