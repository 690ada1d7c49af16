/** "512 KB", "48.2 MB", "512 MB", "1.25 GB": no trailing zeros, so a round limit reads as written. */
export function formatBytes(b: number): string {
  if (!Number.isFinite(b) || b < 0) return '—';
  if (b < 1024 * 1024) return `${Math.round(b / 1024)} KB`;
  if (b < 1024 ** 3) return `${trimZeros((b / 1024 ** 2).toFixed(1))} MB`;
  return `${trimZeros((b / 1024 ** 3).toFixed(2))} GB`;
}

const trimZeros = (fixed: string) => fixed.replace(/\.?0+$/, '');
