const UNITS: Record<string, number> = {
  b: 1,
  k: 1024,
  kb: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  t: 1024 ** 4,
  tb: 1024 ** 4,
};

/**
 * A compose-style byte size in bytes: `512m`, `1g`, `1.5G`, `1024M`, `100kb`, or a plain number of
 * bytes. Units are powers of 1024 as in docker. Returns undefined when it is not a size.
 */
export function parseByteSize(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.floor(value) : undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(value);
  if (!m) return undefined;
  const unit = UNITS[m[2].toLowerCase() || 'b'];
  return unit === undefined ? undefined : Math.floor(Number(m[1]) * unit);
}

/** How to write a size, for error messages. */
export const BYTE_SIZE_HINT = 'a size like `512m`, `1g` or `1.5G`';
