/** What a workspace scan did not read, and why: reported so that nothing is missed unseen. */
export type SkipReason = 'generated-folder' | 'size' | 'binary' | 'lock-file';

export interface SkippedPath {
  /** Workspace-relative, `/`-separated; a folder ends with `/`. */
  path: string;
  reason: SkipReason;
  /** The file's size, for `size`. */
  bytes?: number;
}

/** Whether `--include-skipped` (the setting in the editor) can bring it back: binaries and lock files hold no readable secrets. */
export function includable(reason: SkipReason): boolean {
  return reason === 'generated-folder' || reason === 'size';
}

function mib(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/** `over 2 MiB (3.4 MiB)`, `binary`, `generated or vendored folder`, `lock file (integrity hashes)`. */
export function describeSkip(s: SkippedPath, limitBytes: number): string {
  switch (s.reason) {
    case 'generated-folder':
      return 'generated or vendored folder';
    case 'size':
      return `over the ${mib(limitBytes).replace('.0 ', ' ')} limit (${mib(s.bytes ?? 0)})`;
    case 'binary':
      return 'binary';
    case 'lock-file':
      return 'lock file (integrity hashes)';
  }
}

/** `2 generated folders, 1 file over the size limit, 5 binary files` (empty for none). */
export function summarizeSkips(skipped: readonly SkippedPath[]): string {
  const count = (r: SkipReason) => skipped.filter((s) => s.reason === r).length;
  const parts: string[] = [];
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  if (count('generated-folder')) parts.push(plural(count('generated-folder'), 'generated folder', 'generated folders'));
  if (count('size')) parts.push(plural(count('size'), 'file over the size limit', 'files over the size limit'));
  if (count('binary')) parts.push(plural(count('binary'), 'binary file', 'binary files'));
  if (count('lock-file')) parts.push(plural(count('lock-file'), 'lock file', 'lock files'));
  return parts.join(', ');
}
