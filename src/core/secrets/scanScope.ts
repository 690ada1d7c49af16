/** Which workspace files a secret scan reads: shared by the CLI walk and the editor's workspace scan. */

/** Baseline of accepted findings, at the workspace root (outside the git-ignored .stackpilot/: it is meant to be committed). */
export const defaultBaselineFile = '.stackpilot-secrets-baseline.json';
/** Vendored, build and VCS directories that are never walked. */
export const skipDirs: ReadonlySet<string> = new Set([
  'node_modules',
  '.git',
  'dist',
  'out',
  '.vscode-test',
  '.hg',
  '.svn',
  '__pycache__',
  '.venv',
  '.terraform',
]);
export const binaryExt =
  /\.(?:png|jpe?g|gif|webp|ico|bmp|pdf|zip|gz|tgz|bz2|xz|7z|jar|war|class|so|dylib|dll|exe|bin|o|a|woff2?|ttf|otf|eot|mp[34]|mov|avi|wasm|sqlite|db|pyc)$/i;
/** Larger files are skipped: generated or data, and slow to decode. */
export const maxFileBytes = 2 * 1024 * 1024;

/** Whether a relative, `/`-separated path lies under a skipped directory. */
export function inSkippedDir(rel: string): boolean {
  const parts = rel.split('/');
  return parts.slice(0, -1).some((p) => skipDirs.has(p));
}
