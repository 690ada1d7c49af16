import { posix } from 'node:path';
import { FileRefusedError, type FileSystem } from '../ports';
import type { Diagnostics } from './Diagnostics';
import type { SourceLocation } from './model';

/**
 * Default size cap for stack, compose and env files: ten times the biggest real one we know of
 * (~100 KB), and what the YAML library parses in about a second on a loaded 2-core machine.
 */
export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;

/** How the loader reads the files a stack names. */
export interface ReadPolicy {
  fs: FileSystem;
  /** The stack's folder: files the stack names must be inside it unless `allowOutside`. */
  root: string;
  allowOutside: boolean;
  maxBytes: number;
}

export const formatBytes = (n: number) =>
  n >= 1024 * 1024 ? `${+(n / 1024 / 1024).toFixed(1)} MB` : n >= 1024 ? `${+(n / 1024).toFixed(1)} KB` : `${n} bytes`;

/** True when `path` (absolute) is `root` or below it, by its text (`..` already resolved). */
export const isInside = (root: string, path: string) => path === root || path.startsWith(root.endsWith('/') ? root : root + '/');

/**
 * Reads a file the stack refers to, within the policy: a regular file, at most `maxBytes`, and
 * (when `named`, i.e. a repository file named it rather than the user) inside the stack's folder,
 * symbolic links included, unless the user allowed files outside. A refusal is a located error at
 * `at` (where the file is named) that says what is wrong, never what the file holds; the result is
 * then `refused`. `what` names the file in messages, e.g. "env_file .env.local".
 */
export async function readLimited(
  policy: ReadPolicy,
  path: string,
  what: string,
  at: SourceLocation,
  diags: Diagnostics,
  named = true,
): Promise<string | undefined | 'refused'> {
  const restrict = named && !policy.allowOutside;
  if (restrict && !isInside(policy.root, path)) {
    diags.error(
      'file-outside-stack',
      `${what} is outside the stack's folder (${path} is not under ${policy.root}). Move it into the folder, or allow files outside it: \`--allow-outside\` on the command line, the \`stackpilot.allowFilesOutsideStack\` setting in VS Code (trusted workspaces only).`,
      at,
    );
    return 'refused';
  }
  try {
    return await policy.fs.readFile(path, { maxBytes: policy.maxBytes, ...(restrict ? { within: policy.root } : {}) });
  } catch (e) {
    const reason = e instanceof FileRefusedError ? e.reason : `cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`;
    const hint = /over the/.test(reason)
      ? ' Raise the limit with `--max-file-size` or the `stackpilot.maxFileSize` setting if the file is meant to be this big.'
      : '';
    diags.error('unreadable-file', `${what} ${reason}: ${posix.basename(path)} is not read.${hint}`, at);
    return 'refused';
  }
}
