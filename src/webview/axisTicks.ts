/**
 * Round axis ticks: each a multiple of 1, 2 or 5 x 10^k *in the unit shown* (so bytes shown in
 * MB get 10 / 20 / 30 MB, not 19.1 / 38.1 MB), and one precision per axis (`0.0 %`, `0.5 %`,
 * `1.0 %`; `0 ms`, `20 ms`). Pure.
 */

export interface AxisUnit {
  /** Raw units per shown unit (1024 ** 2 for MB). */
  scale: number;
  suffix: string;
  /** The smallest step, in shown units: a byte is not divided (an empty memory chart read `0.0005 KB`). */
  minStep?: number;
}

const KB = 1024;

/** The unit an axis up to `max` is shown in. Bytes use 1024 steps, as formatBytes does. */
export function unitFor(kind: 'ms' | 'percent' | 'bytes', max: number): AxisUnit {
  if (kind === 'ms') return max >= 1000 ? { scale: 1000, suffix: 's' } : { scale: 1, suffix: 'ms' };
  if (kind === 'percent') return { scale: 1, suffix: '%' };
  if (max >= KB ** 3) return { scale: KB ** 3, suffix: 'GB' };
  if (max >= KB ** 2) return { scale: KB ** 2, suffix: 'MB' };
  if (max >= KB) return { scale: KB, suffix: 'KB' };
  return { scale: 1, suffix: 'B', minStep: 1 };
}

/** The step, in shown units, giving about `target` intervals over `span` shown units: 1, 2 or 5 x 10^k. */
export function niceStep(span: number, target = 4): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / target;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const m = raw / pow;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * pow;
}

/** Tick values (raw units) from the first round value at or above `min` to `max`. */
export function roundTicks(min: number, max: number, unit: AxisUnit, target = 4): number[] {
  const lo = min / unit.scale;
  const hi = max / unit.scale;
  const step = Math.max(niceStep(hi - lo, target), unit.minStep ?? 0);
  const out: number[] = [];
  for (let i = Math.ceil(lo / step - 1e-9); i * step <= hi + 1e-9 && out.length < 50; i++) out.push(fix(i * step, step) * unit.scale);
  return out;
}

/** Labels for ticks, one precision for the whole axis (the step's). */
export function tickLabels(ticks: readonly number[], unit: AxisUnit): string[] {
  const shown = ticks.map((t) => t / unit.scale);
  const step = shown.length > 1 ? Math.abs(shown[1] - shown[0]) : 1;
  const digits = decimals(step);
  return shown.map((v) => `${v.toFixed(digits)} ${unit.suffix}`);
}

function decimals(step: number): number {
  if (!(step > 0)) return 0;
  return Math.max(0, Math.min(6, -Math.floor(Math.log10(step) + 1e-9)));
}

/** `i * step` without floating dust (0.30000000000000004). */
function fix(v: number, step: number): number {
  return Number(v.toFixed(decimals(step)));
}
