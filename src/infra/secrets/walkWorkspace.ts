import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { isLockFile } from '../../core/secrets/fileKind';
import { GitignoreMatcher, matchesAnyGlob } from '../../core/secrets/ignoreGlobs';
import { binaryExt, maxFileBytes, skipDirs } from '../../core/secrets/scanScope';
import type { SkippedPath } from '../../core/secrets/skips';

/** Folders that are never walked nor listed, even with `includeSkipped`: version control internals. */
const vcsDirs = new Set(['.git', '.hg', '.svn']);
/** With `includeSkipped`, files up to this size are read; larger ones stay skipped (memory is bounded). */
export const maxIncludedBytes = 64 * 1024 * 1024;

export interface WalkedFile {
  path: string;
  rel: string;
  size: number;
  notCommitted: boolean;
}

export interface WalkOptions {
  /** Scan generated folders and files over the size limit too. */
  includeSkipped?: boolean;
  /** `stackpilot.secrets.ignore` / `--ignore` globs: excluded on purpose, not listed as skipped. */
  ignore?: readonly string[];
  /** Leave out files git ignores (the editor's background scan); the CLI scans them and marks them. */
  skipNotCommitted?: boolean;
  /** Checked between entries: stop walking when it returns true. */
  cancelled?: () => boolean;
  /** Called with each file to scan as it is found (it is also in the result). */
  onFile?: (file: WalkedFile) => void;
}

export interface Walk {
  files: WalkedFile[];
  skipped: SkippedPath[];
}

/** Forward-slash path relative to `cwd` (what fingerprints and reports use). */
export function relPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return (rel === '' ? '.' : rel).split(sep).join('/');
}

function readGitignore(dir: string): string | undefined {
  try {
    return readFileSync(join(dir, '.gitignore'), 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Files under the given roots, depth first and sorted, without following symlinks; what is left
 * out is listed with its reason. Synchronous I/O on purpose: the CLI has nothing else to do, and the
 * editor runs this in a worker thread; on Node 20 the promise API's per-file round trips to the
 * thread pool cost more than scanning a small file.
 */
export function walkWorkspace(cwd: string, roots: readonly string[], opts: WalkOptions = {}): Walk {
  const git = new GitignoreMatcher();
  const rootIgnore = readGitignore(cwd);
  if (rootIgnore) git.add('', rootIgnore);
  const files: WalkedFile[] = [];
  const skipped: SkippedPath[] = [];
  const limit = opts.includeSkipped ? maxIncludedBytes : maxFileBytes;
  const visit = (path: string, explicit: boolean): void => {
    if (opts.cancelled?.()) return;
    let st;
    try {
      st = lstatSync(path);
    } catch {
      return; // gone meanwhile
    }
    const rel = relPath(cwd, path);
    const inside = !rel.startsWith('../') && rel !== '..' && !isAbsolute(rel);
    if (st.isSymbolicLink()) return;
    if (inside && rel !== '.' && opts.ignore?.length && matchesAnyGlob(rel, opts.ignore)) return;
    if (st.isDirectory()) {
      const name = path.split(sep).pop() ?? '';
      if (!explicit && vcsDirs.has(name)) return;
      const notCommitted = inside && rel !== '.' && git.ignores(rel, true);
      if (notCommitted && opts.skipNotCommitted) return;
      if (!explicit && skipDirs.has(name) && !opts.includeSkipped) {
        if (!notCommitted) skipped.push({ path: `${rel}/`, reason: 'generated-folder' });
        return;
      }
      if (inside && rel !== '.' && path !== cwd) {
        const text = readGitignore(path);
        if (text) git.add(rel, text);
      }
      let entries: string[];
      try {
        entries = readdirSync(path);
      } catch {
        return;
      }
      entries.sort();
      for (const e of entries) visit(join(path, e), false);
      return;
    }
    if (!st.isFile()) return;
    const notCommitted = inside && rel !== '.' && git.ignores(rel);
    if (notCommitted && opts.skipNotCommitted) return;
    if (binaryExt.test(path)) skipped.push({ path: rel, reason: 'binary' });
    else if (isLockFile(path)) skipped.push({ path: rel, reason: 'lock-file' });
    else if (st.size > limit) skipped.push({ path: rel, reason: 'size', bytes: st.size });
    else {
      const file = { path, rel, size: st.size, notCommitted };
      files.push(file);
      opts.onFile?.(file);
    }
  };
  for (const root of roots) visit(root, true);
  return { files, skipped };
}
